import { describe, expect, it } from "vitest";
import { InvalidRedirectError, SESSION_ERROR_CODES } from "./errors.js";
import { safeNextPath, trustedReturnTo } from "./redirects.js";

function refusal(work: () => unknown): InvalidRedirectError {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidRedirectError) return error;
    throw error;
  }
  throw new Error("expected InvalidRedirectError");
}

describe("safeNextPath (issue 14: open redirects on next)", () => {
  it("keeps paths of this site, normalized", () => {
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/account?tab=1#top")).toBe("/account?tab=1#top");
    expect(safeNextPath("/a/../b")).toBe("/b");
    expect(safeNextPath("/sso/authorize?return_to=https%3A%2F%2Fx")).toBe(
      "/sso/authorize?return_to=https%3A%2F%2Fx",
    );
  });

  it.each([
    // Dot segments that normalise into a scheme-relative URL (review of issue 14).
    "/.//evil.example",
    "/..//evil.example",
    "/x/..//evil.example",
    "/%2e%2e//evil.example",
    "/./%2fevil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2Fevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252F%25252Fevil.example",
    "/%",
    " /x",
    "/\tx",
    "/\u0000",
    "evil.example",
    "",
    `/${"a".repeat(2048)}`,
  ])("refuses %j with a 400", (value) => {
    const error = refusal(() => safeNextPath(value));
    expect(error.code).toBe(SESSION_ERROR_CODES.INVALID_REDIRECT);
    expect(error.status).toBe(400);
  });

  it("refuses what is not a string", () => {
    expect(refusal(() => safeNextPath(["/a", "/b"])).status).toBe(400);
  });
});

describe("trustedReturnTo (issue 14: open redirects on return_to)", () => {
  const trusted = ["http://127.0.0.1:3002", "https://newwebsite.com"];

  it("accepts a URL on a trusted origin", () => {
    expect(trustedReturnTo("https://newwebsite.com/sso/callback", trusted).href).toBe(
      "https://newwebsite.com/sso/callback",
    );
    expect(trustedReturnTo("http://127.0.0.1:3002/sso/callback", trusted).origin).toBe(
      "http://127.0.0.1:3002",
    );
  });

  it.each([
    "https://evil.example/sso/callback",
    "http://newwebsite.com/sso/callback",
    "https://newwebsite.com.evil.example/sso/callback",
    "https://newwebsite.com@evil.example/sso/callback",
    "https://evil.example@newwebsite.com/sso/callback",
    "https://newwebsite.com:444/sso/callback",
    "HTTPS://NEWWEBSITE.COM/sso/callback",
    "https:newwebsite.com/sso/callback",
    "https://newwebsite.com\\@evil.example/",
    "https://newwebsite.com/sso/callback#x",
    "https://newwebsite.com",
    "//newwebsite.com/sso/callback",
    "/sso/callback",
    "https%3A%2F%2Fnewwebsite.com%2Fsso%2Fcallback",
    "javascript://newwebsite.com/%0aalert(1)",
    "",
  ])("refuses %j with a 400", (value) => {
    const error = refusal(() => trustedReturnTo(value, trusted));
    expect(error.code).toBe(SESSION_ERROR_CODES.INVALID_REDIRECT);
    expect(error.status).toBe(400);
  });
});
