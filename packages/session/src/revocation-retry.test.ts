import { DatabaseUnavailableError } from "@userbridge/router";
import { describe, expect, it, vi } from "vitest";
import { revocationRetry } from "./revocation-retry.js";

describe("revocationRetry", () => {
  it("retries until the database answers, one round at a time, and then forgets the token", async () => {
    let down = true;
    let inFlight = 0;
    let most = 0;
    const revoked: string[] = [];
    const retry = revocationRetry({
      now: Date.now,
      firstDelayMs: 5,
      maxDelayMs: 20,
      revoke: async (tokenHash) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 15)); // a slow, failing database
        inFlight--;
        if (down) throw new DatabaseUnavailableError("shared", new Error("down"));
        revoked.push(tokenHash);
      },
    });
    for (let i = 0; i < 10; i++) retry.add(`t${i}`, Date.now() + 60_000);
    expect(retry.has("t3")).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(most).toBe(1); // regression: every add() during a slow round started another round
    down = false;
    await vi.waitFor(() => expect(revoked).toHaveLength(10), { timeout: 5_000 });
    expect(retry.has("t3")).toBe(false);
  });

  it("gives up on a token once its session would have expired anyway", async () => {
    const clock = { now: 0 };
    const calls: string[] = [];
    const retry = revocationRetry({
      now: () => clock.now,
      firstDelayMs: 1,
      revoke: async (tokenHash) => {
        calls.push(tokenHash);
        throw new DatabaseUnavailableError("shared", new Error("down"));
      },
    });
    retry.add("t", 100);
    clock.now = 200;
    await vi.waitFor(() => expect(retry.has("t")).toBe(false));
    expect(calls).toEqual([]);
  });
});
