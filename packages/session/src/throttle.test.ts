import { describe, expect, it } from "vitest";
import { memoryClient } from "../test/memory-client.js";
import { TooManyAttemptsError } from "./errors.js";
import { prismaIdentityStore } from "./store.js";
import { loginThrottle } from "./throttle.js";

function setup(options = { perAccount: 3, perAddress: 5, windowSeconds: 60 }) {
  const client = memoryClient();
  const clock = { now: 1_000_000 };
  const throttle = loginThrottle(prismaIdentityStore(client), options, () => clock.now);
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

const fail = (throttle: ReturnType<typeof setup>["throttle"], attempt: object) => throttle.reserve(attempt);

describe("loginThrottle", () => {
  it("locks an account after its limit of attempts, whatever the address, until the window ends", async () => {
    const { throttle, clock } = setup();
    for (let i = 0; i < 3; i++) await fail(throttle, { account: "ada@example.com", address: `10.0.0.${i}` });
    const error = await refusal(throttle.reserve({ account: "ADA@example.com", address: "10.9.9.9" }));
    expect(error).toMatchObject({ status: 429, code: "USERBRIDGE_TOO_MANY_ATTEMPTS", retryAfterSeconds: 60 });
    await throttle.reserve({ account: "eve@example.com", address: "10.9.9.8" }); // others are fine
    clock.now += 30_000;
    expect((await refusal(throttle.reserve({ account: "ada@example.com" }))).retryAfterSeconds).toBe(30);
    clock.now += 30_000;
    await throttle.reserve({ account: "ada@example.com" }); // a new window
  });

  it("counts parallel attempts before any of them is checked (no burst gets past the limit)", async () => {
    // Regression (review of issue 9): the limit was read before and counted after the password check.
    const { throttle } = setup();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => throttle.reserve({ account: "ada@example.com" })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
  });

  it("locks an address that fails on many accounts; a success gives the address its slot back", async () => {
    const { throttle } = setup();
    for (let i = 0; i < 4; i++) await fail(throttle, { account: `u${i}@example.com`, address: "10.0.0.1" });
    await throttle.reserve({ account: "ok@example.com", address: "10.0.0.1" });
    await throttle.succeeded({ account: "ok@example.com", address: "10.0.0.1" });
    await throttle.reserve({ account: "u9@example.com", address: "10.0.0.1" }); // the 5th counted
    await refusal(throttle.reserve({ account: "new@example.com", address: "10.0.0.1" }));
    await throttle.reserve({ account: "new@example.com", address: "10.0.0.2" });
  });

  it("clears an account's failures on success, stores hashes only, and purges ended windows", async () => {
    const { throttle, client, clock } = setup();
    await fail(throttle, { account: "ada@example.com", address: "10.0.0.1" });
    await fail(throttle, { account: "ada@example.com", address: "10.0.0.1" });
    expect(JSON.stringify(client.throttles)).not.toMatch(/ada|10\.0\.0\.1/);
    await throttle.succeeded({ account: "ada@example.com", address: "10.0.0.1" });
    expect(client.throttles.map((row) => row.key)).toEqual([expect.stringMatching(/^address:[0-9a-f]{64}$/)]);
    clock.now += 61_000;
    expect(await throttle.purge()).toBe(1);
    expect(client.throttles).toEqual([]);
  });

  it("can be turned off", async () => {
    const client = memoryClient();
    const throttle = loginThrottle(prismaIdentityStore(client), false, Date.now);
    for (let i = 0; i < 50; i++) await throttle.reserve({ account: "a@b.io" });
    expect(client.calls).toEqual([]);
  });
});
