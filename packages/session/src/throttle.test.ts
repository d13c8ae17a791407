import { describe, expect, it } from "vitest";
import { memoryClient } from "../test/memory-client.js";
import { TooManyAttemptsError } from "./errors.js";
import { prismaIdentityStore } from "./store.js";
import { loginThrottle } from "./throttle.js";

function setup(options = { perAccount: 3, perAddress: 5, windowSeconds: 60 }) {
  const client = memoryClient();
  const clock = { now: 1_000_000 };
  const throttle = loginThrottle(
    prismaIdentityStore(() => ({ name: "shared", client })),
    options,
    () => clock.now,
  );
  return { client, clock, throttle };
}

async function refusal(promise: Promise<unknown>): Promise<TooManyAttemptsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TooManyAttemptsError);
  return error as TooManyAttemptsError;
}

describe("loginThrottle", () => {
  it("locks an account after its limit of failures, whatever the address, until the window ends", async () => {
    const { throttle, clock } = setup();
    for (let i = 0; i < 3; i++) {
      await throttle.assertAllowed({ account: "ada@example.com", address: `10.0.0.${i}` });
      await throttle.recordFailure({ account: "ada@example.com", address: `10.0.0.${i}` });
    }
    const error = await refusal(throttle.assertAllowed({ account: "ADA@example.com", address: "10.9.9.9" }));
    expect(error).toMatchObject({ status: 429, code: "USERBRIDGE_TOO_MANY_ATTEMPTS", retryAfterSeconds: 60 });
    await throttle.assertAllowed({ account: "eve@example.com", address: "10.9.9.9" }); // others are fine
    clock.now += 30_000;
    expect((await refusal(throttle.assertAllowed({ account: "ada@example.com" }))).retryAfterSeconds).toBe(
      30,
    );
    clock.now += 30_000;
    await throttle.assertAllowed({ account: "ada@example.com" });
    // The window starts again with the next failure.
    await throttle.recordFailure({ account: "ada@example.com" });
    await throttle.assertAllowed({ account: "ada@example.com" });
  });

  it("locks an address that fails on many accounts", async () => {
    const { throttle } = setup();
    for (let i = 0; i < 5; i++)
      await throttle.recordFailure({ account: `u${i}@example.com`, address: "10.0.0.1" });
    await refusal(throttle.assertAllowed({ account: "new@example.com", address: "10.0.0.1" }));
    await throttle.assertAllowed({ account: "new@example.com", address: "10.0.0.2" });
  });

  it("clears an account's failures on success, and stores hashes, not emails or addresses", async () => {
    const { throttle, client } = setup();
    await throttle.recordFailure({ account: "ada@example.com", address: "10.0.0.1" });
    await throttle.recordFailure({ account: "ada@example.com", address: "10.0.0.1" });
    expect(JSON.stringify(client.throttles)).not.toMatch(/ada|10\.0\.0\.1/);
    await throttle.recordSuccess({ account: "ada@example.com", address: "10.0.0.1" });
    expect(client.throttles.map((row) => row.key)).toEqual([expect.stringMatching(/^address:[0-9a-f]{64}$/)]);
  });

  it("can be turned off", async () => {
    const client = memoryClient();
    const throttle = loginThrottle(
      prismaIdentityStore(() => ({ name: "shared", client })),
      false,
      Date.now,
    );
    for (let i = 0; i < 50; i++) await throttle.recordFailure({ account: "a@b.io" });
    await throttle.assertAllowed({ account: "a@b.io" });
    expect(client.calls).toEqual([]);
  });
});
