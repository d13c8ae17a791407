import { describe, expect, it } from "vitest";
import { ForbiddenOriginError, SESSION_ERROR_CODES } from "./errors.js";
import { assertAllowedOrigin } from "./origin.js";

function refusal(
  origin: string,
  own: string | undefined = "https://old.example.com",
  trusted: string[] = [],
) {
  try {
    assertAllowedOrigin(origin, own, trusted);
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenOriginError);
    expect((error as ForbiddenOriginError).code).toBe(SESSION_ERROR_CODES.FORBIDDEN_ORIGIN);
    return error as ForbiddenOriginError;
  }
  throw new Error("expected ForbiddenOriginError");
}

describe("assertAllowedOrigin", () => {
  it("allows a request without Origin (curl, server to server)", () => {
    expect(() => assertAllowedOrigin(undefined, "https://old.example.com", [])).not.toThrow();
  });

  it("allows the site's own origin", () => {
    expect(() => assertAllowedOrigin("https://old.example.com", "https://old.example.com", [])).not.toThrow();
    expect(() => assertAllowedOrigin("http://localhost:3001", "http://localhost:3001", [])).not.toThrow();
  });

  it("compares the scheme too: the plain-http twin of the site cannot post to it", () => {
    refusal("http://old.example.com", "https://old.example.com");
    refusal("https://localhost:3001", "http://localhost:3001");
  });

  it("allows a trusted origin", () => {
    expect(() =>
      assertAllowedOrigin("https://new.example.com", "https://old.example.com", ["https://new.example.com"]),
    ).not.toThrow();
  });

  it("refuses other origins, other ports, null and garbage", () => {
    expect(refusal("https://evil.example").message).toMatch(
      /^userbridge: refusing a request from origin "https:\/\/evil.example"/,
    );
    refusal("http://localhost:3002", "http://localhost:3001");
    refusal("https://old.example.com.evil.example");
    refusal("http://new.example.com", "https://old.example.com", ["https://new.example.com"]);
    refusal("null");
    refusal("not a url");
    expect(() => assertAllowedOrigin("https://old.example.com", undefined, [])).toThrow(ForbiddenOriginError);
  });
});
