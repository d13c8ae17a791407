import { describe, expect, it } from "vitest";
import { ADMIN_PATHS, REFUSED_PATHS, SITE_PATHS } from "../test/path-corpus.js";
import { readRequestPath } from "./admin-path.js";

describe("readRequestPath", () => {
  it.each(ADMIN_PATHS)("reads %j as admin", (path) => {
    expect(readRequestPath(path)).toEqual({ ok: true, admin: true });
  });

  it.each(SITE_PATHS)("reads %j as the site", (path) => {
    expect(readRequestPath(path)).toEqual({ ok: true, admin: false });
  });

  it.each(REFUSED_PATHS)("refuses %j", (path) => {
    expect(readRequestPath(path).ok).toBe(false);
  });

  it("names why it refuses", () => {
    expect(readRequestPath("/admin/../signup")).toEqual({ ok: false, reason: "dot-segment" });
    expect(readRequestPath("/ADMIN")).toEqual({ ok: false, reason: "ambiguous-prefix" });
    expect(readRequestPath("/%2561")).toEqual({ ok: false, reason: "double-encoded" });
    expect(readRequestPath("/admin%")).toEqual({ ok: false, reason: "bad-encoding" });
    expect(readRequestPath("/a%00")).toEqual({ ok: false, reason: "control-character" });
    expect(readRequestPath("/a%5cb")).toEqual({ ok: false, reason: "backslash" });
    expect(readRequestPath("*")).toEqual({ ok: false, reason: "not-a-path" });
  });

  it("takes another prefix, matched the same way", () => {
    expect(readRequestPath("/staff/x", "staff")).toEqual({ ok: true, admin: true });
    expect(readRequestPath("/admin/x", "staff")).toEqual({ ok: true, admin: false });
    expect(readRequestPath("/STAFF", "staff").ok).toBe(false);
  });

  it("is linear on hostile input: 16 KB of dots, slashes or escapes costs about what 16 KB of letters does", () => {
    // Regression: a trailing-dot trim by regex was quadratic (97 ms for 16,000 dots, vs ~0.1 ms of letters).
    const cost = (path: string) => {
      const started = performance.now();
      for (let i = 0; i < 20; i++) readRequestPath(path);
      return performance.now() - started;
    };
    // The reference takes the same (slow, decoding) path: 16 KB of escaped letters.
    const plain = Math.max(cost(`/admin/${"%41".repeat(5_333)}`), 1);
    for (const unit of [".", "/", "%2e", ";", " ", "/."]) {
      // Quadratic work is ~1000x here; linear work is within a few times, with room for a noisy machine.
      expect(cost(`/admin/x${unit.repeat(16_000 / unit.length)}x`) / plain).toBeLessThan(50);
    }
  });
});
