import { sealData, unsealData } from "iron-session";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSealer, type SealerOptions } from "./seal.js";
import { hashSessionToken, newSessionToken } from "./token.js";

const P1 = "1".repeat(32);
const P2 = "2".repeat(32);

function sealer(overrides: Partial<SealerOptions> = {}) {
  const rejected: string[] = [];
  const unseal = vi.fn(unsealData);
  const instance = createSealer({
    passwords: { 1: P1 },
    ttl: 3600,
    cacheSize: 100,
    onRejected: (reason) => rejected.push(reason),
    unseal,
    ...overrides,
  });
  return { instance, rejected, unseal };
}

/** Changes one character of one `*`-separated part of the seal (4: ciphertext, 5: expiry). */
function tamper(cookie: string, part: number): string {
  const parts = cookie.split("*");
  const value = parts[part] as string;
  parts[part] = (value[0] === "1" ? "2" : "1") + value.slice(1);
  return parts.join("*");
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createSealer", () => {
  it("seals only a version and a 256-bit token, and reads back the token's hash", async () => {
    const { instance } = sealer();
    const token = newSessionToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const cookie = await instance.seal(token);
    expect(await unsealData(cookie, { password: { 1: P1 } })).toEqual({ v: 1, t: token });
    expect(await instance.tokenHash(cookie, Date.now())).toBe(hashSessionToken(token));
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("unseals a returning cookie once, then answers from the cache", async () => {
    const { instance, unseal } = sealer();
    const cookie = await instance.seal(newSessionToken());
    const first = await instance.tokenHash(cookie, Date.now());
    expect(await instance.tokenHash(cookie, Date.now())).toBe(first);
    expect(unseal).toHaveBeenCalledTimes(1);
    instance.forget(cookie);
    await instance.tokenHash(cookie, Date.now());
    expect(unseal).toHaveBeenCalledTimes(2);
  });

  it("never serves a cached cookie past its seal's expiry", async () => {
    const { instance, unseal } = sealer({ ttl: 120 });
    const cookie = await instance.seal(newSessionToken());
    const now = Date.now();
    expect(await instance.tokenHash(cookie, now)).toBeDefined();
    vi.useFakeTimers({ now: now + 181_000 });
    // ttl + 61 s: beyond iron-session's 60 s clock-skew allowance.
    expect(await instance.tokenHash(cookie, now + 181_000)).toBeUndefined();
    expect(unseal).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["tampered", (cookie: string) => tamper(cookie, 4)],
    ["re-dated", (cookie: string) => tamper(cookie, 5)],
    ["truncated", (cookie: string) => cookie.slice(0, cookie.length - 10)],
    ["empty-ish", () => "Fe26.2**"],
    ["garbage", () => "%%%not-a-seal"],
  ])("treats a %s cookie as no session", async (_label, mangle) => {
    const { instance } = sealer();
    const cookie = await instance.seal(newSessionToken());
    expect(await instance.tokenHash(mangle(cookie), Date.now())).toBeUndefined();
  });

  it("treats a cookie sealed with another password as no session", async () => {
    const { instance, rejected } = sealer();
    const foreign = await sealData({ v: 1, t: newSessionToken() }, { password: { 1: P2 } });
    expect(await instance.tokenHash(foreign, Date.now())).toBeUndefined();
    expect(rejected).toEqual(["invalid"]);
  });

  it("reports a cookie sealed with a password id it lacks", async () => {
    const { instance, rejected } = sealer();
    const rotated = await sealData({ v: 1, t: newSessionToken() }, { password: { 2: P2 } });
    expect(await instance.tokenHash(rotated, Date.now())).toBeUndefined();
    expect(rejected).toEqual(["unknown-password"]);
  });

  it("unseals with every password id but seals with the highest", async () => {
    const old = sealer().instance;
    const rotated = sealer({ passwords: { 1: P1, 2: P2 } }).instance;
    const token = newSessionToken();
    const oldCookie = await old.seal(token);
    expect(await rotated.tokenHash(oldCookie, Date.now())).toBe(hashSessionToken(token));
    const newCookie = await rotated.seal(token);
    expect(newCookie.split("*")[1]).toBe("2");
  });

  it("refuses a genuine seal whose content is not a session token", async () => {
    const { instance, rejected } = sealer();
    for (const content of [
      { v: 2, t: newSessionToken() },
      { v: 1 },
      { v: 1, t: "short" },
      { userId: "u1" },
    ]) {
      const cookie = await sealData(content, { password: { 1: P1 } });
      expect(await instance.tokenHash(cookie, Date.now())).toBeUndefined();
    }
    expect(rejected).toEqual(["malformed", "malformed", "malformed", "malformed"]);
  });
});
