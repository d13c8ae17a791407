import { describe, expect, it, vi } from "vitest";
import { sessionFingerprint, warnUnlessSharedSessions } from "./fingerprint.js";

const A = "a".repeat(32);
const B = "b".repeat(32);

describe("sessionFingerprint", () => {
  it("is equal exactly when passwords (per id), cookie domain and cookie name are", () => {
    const base = sessionFingerprint({ 1: A }, ".example.com", "sid");
    expect(sessionFingerprint({ 1: A }, "example.com", "sid")).toBe(base);
    expect(sessionFingerprint({ 1: B }, ".example.com", "sid")).not.toBe(base);
    expect(sessionFingerprint({ 2: A }, ".example.com", "sid")).not.toBe(base);
    expect(sessionFingerprint({ 1: A, 2: B }, ".example.com", "sid")).not.toBe(base);
    expect(sessionFingerprint({ 1: A }, undefined, "sid")).not.toBe(base);
    expect(sessionFingerprint({ 1: A }, ".example.com", "other")).not.toBe(base);
  });

  it("does not contain the password", () => {
    expect(sessionFingerprint({ 1: A }, undefined, "sid")).not.toContain("aaaa");
  });
});

describe("warnUnlessSharedSessions", () => {
  it("stays quiet when every site agrees, and names the sites when not", () => {
    const warn = vi.fn();
    expect(warnUnlessSharedSessions({ old: "x", new: "x" }, warn)).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    expect(warnUnlessSharedSessions({ old: "x", new: "y" }, warn)).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^userbridge: .*do NOT share sessions.*old=x, new=y/),
    );
  });
});
