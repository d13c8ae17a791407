import { describe, expect, it } from "vitest";
import { OWASP_SCRYPT, scryptHasher } from "./password.js";

// Cheap parameters keep these tests fast; one test runs the real OWASP cost.
const cheap = scryptHasher({ log2N: 10, r: 8, p: 1 });

describe("scryptHasher", () => {
  it("stores a self-describing string with a per-user salt", async () => {
    const first = await cheap.hash("correct horse");
    const second = await cheap.hash("correct horse");
    expect(first).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await cheap.hash("correct horse");
    expect(await cheap.verify("correct horse", stored)).toEqual({ ok: true, needsRehash: false });
    expect(await cheap.verify("correct horsf", stored)).toEqual({ ok: false, needsRehash: false });
    expect(await cheap.verify("", stored)).toEqual({ ok: false, needsRehash: false });
  });

  it("asks for a re-hash when the stored parameters are below the current ones", async () => {
    const weak = await scryptHasher({ log2N: 8, r: 4, p: 1 }).hash("pw-123456");
    expect(await cheap.verify("pw-123456", weak)).toEqual({ ok: true, needsRehash: true });
    expect(await cheap.verify("wrong-pass", weak)).toEqual({ ok: false, needsRehash: true });
  });

  it("refuses, without throwing, a missing or malformed stored hash", async () => {
    for (const stored of [
      null,
      undefined,
      "",
      "plaintext",
      `$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$${"A".repeat(43)}`,
    ]) {
      expect(await cheap.verify("anything", stored)).toEqual({ ok: false, needsRehash: false });
    }
  });

  it("uses OWASP's parameters by default (N=2^17, r=8, p=1) within Node's memory limit", async () => {
    const owasp = scryptHasher();
    const started = performance.now();
    const stored = await owasp.hash("correct horse");
    const elapsed = performance.now() - started;
    expect(OWASP_SCRYPT).toEqual({ log2N: 17, r: 8, p: 1 });
    expect(stored).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    expect(await owasp.verify("correct horse", stored)).toEqual({ ok: true, needsRehash: false });
    // The unknown-email path pays the same cost as a real check.
    const dummyStarted = performance.now();
    expect(await owasp.verify("correct horse", null)).toEqual({ ok: false, needsRehash: false });
    const dummy = performance.now() - dummyStarted;
    expect(dummy).toBeGreaterThan(elapsed / 3);
  }, 20_000);
});
