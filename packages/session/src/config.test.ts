import { InvalidConfigError, USERBRIDGE_ERROR_CODES } from "@userbridge/router";
import { describe, expect, it } from "vitest";
import { resolveSessionConfig } from "./config.js";

const PASSWORD = "p".repeat(32);

function configError(options: Parameters<typeof resolveSessionConfig>[0], env: Record<string, string> = {}) {
  try {
    resolveSessionConfig(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).code).toBe(USERBRIDGE_ERROR_CODES.INVALID_CONFIG);
    expect((error as Error).message).toMatch(/^userbridge: invalid session configuration/);
    return error as InvalidConfigError;
  }
  throw new Error("expected InvalidConfigError");
}

describe("resolveSessionConfig", () => {
  it("applies the defaults", () => {
    const config = resolveSessionConfig({}, { SESSION_PASSWORD: PASSWORD });
    expect(config).toMatchObject({
      passwords: { "1": PASSWORD },
      cookieName: "userbridge_session",
      cookieDomain: undefined,
      ttl: 1_209_600,
      idleTimeout: 86_400,
      trustedOrigins: [],
      secure: "auto",
      unsealCacheSize: 10_000,
    });
    expect(config.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it("reads every SESSION_* variable", () => {
    const config = resolveSessionConfig(
      {},
      {
        SESSION_PASSWORD: JSON.stringify({ 1: PASSWORD, 2: "q".repeat(40) }),
        SESSION_COOKIE_NAME: "sid",
        SESSION_COOKIE_DOMAIN: ".Example.com",
        SESSION_TTL: "3600",
        SESSION_IDLE_TIMEOUT: "600",
        SESSION_TRUSTED_ORIGINS: "https://a.example.com, https://b.example.com:8443",
      },
    );
    expect(config).toMatchObject({
      passwords: { "1": PASSWORD, "2": "q".repeat(40) },
      cookieName: "sid",
      cookieDomain: ".example.com",
      ttl: 3600,
      idleTimeout: 600,
      trustedOrigins: ["https://a.example.com", "https://b.example.com:8443"],
    });
  });

  it("prefers explicit options over the environment", () => {
    const config = resolveSessionConfig(
      { password: { 7: PASSWORD }, ttl: 120, idleTimeout: 60 },
      { SESSION_TTL: "0" },
    );
    expect(config.passwords).toEqual({ "7": PASSWORD });
    expect(config.ttl).toBe(120);
  });

  it("requires a password of at least 32 characters, without echoing it", () => {
    expect(configError({}).issues).toEqual(["password (SESSION_PASSWORD) is not set"]);
    const error = configError({}, { SESSION_PASSWORD: "short-secret-value" });
    expect(error.issues).toEqual(["password (SESSION_PASSWORD) must be at least 32 characters"]);
    expect(error.message).not.toContain("short-secret-value");
  });

  it("rejects a bad rotation map", () => {
    expect(configError({}, { SESSION_PASSWORD: "{not json" }).issues[0]).toMatch(/is not valid JSON/);
    expect(configError({}, { SESSION_PASSWORD: "{}" }).issues[0]).toMatch(/at least one password/);
    expect(configError({ password: { a: PASSWORD } }).issues[0]).toMatch(/ids must be positive integers/);
    expect(configError({ password: { 0: PASSWORD } }).issues[0]).toMatch(/ids must be positive integers/);
    expect(configError({ password: { 1: PASSWORD, 2: "x" } }).issues).toEqual([
      "password (SESSION_PASSWORD) must be at least 32 characters",
    ]);
  });

  it("refuses ttl 0 (never expires) and other bad durations", () => {
    expect(configError({ password: PASSWORD, ttl: 0 }).issues[0]).toMatch(
      /^ttl \(SESSION_TTL\) must not be 0/,
    );
    expect(configError({}, { SESSION_PASSWORD: PASSWORD, SESSION_TTL: "0" }).issues[0]).toMatch(
      /must not be 0/,
    );
    expect(configError({}, { SESSION_PASSWORD: PASSWORD, SESSION_TTL: "2h" }).issues[0]).toMatch(
      /whole number/,
    );
    expect(configError({ password: PASSWORD, ttl: 1.5 }).issues[0]).toMatch(/whole number/);
    expect(configError({ password: PASSWORD, ttl: 30 }).issues[0]).toMatch(/at least 60/);
    expect(configError({ password: PASSWORD, ttl: 401 * 86_400 }).issues[0]).toMatch(/at most/);
    expect(configError({ password: PASSWORD, idleTimeout: 0 }).issues[0]).toMatch(
      /^idleTimeout .*must not be 0/,
    );
    expect(configError({ password: PASSWORD, ttl: 600, idleTimeout: 601 }).issues).toEqual([
      "idleTimeout (SESSION_IDLE_TIMEOUT) must not be longer than ttl",
    ]);
  });

  it("rejects bad cookie names, domains and origins", () => {
    expect(configError({ password: PASSWORD, cookieName: "a b" }).issues[0]).toMatch(/^cookieName/);
    expect(configError({ password: PASSWORD, cookieName: "a;b" }).issues[0]).toMatch(/^cookieName/);
    expect(configError({ password: PASSWORD, cookieDomain: "https://example.com" }).issues[0]).toMatch(
      /^cookieDomain/,
    );
    expect(configError({ password: PASSWORD, cookieDomain: "example.com:80" }).issues[0]).toMatch(
      /^cookieDomain/,
    );
    expect(
      configError({ password: PASSWORD, trustedOrigins: ["https://a.example.com/path"] }).issues[0],
    ).toMatch(/is not an origin/);
    expect(configError({ password: PASSWORD, trustedOrigins: ["a.example.com"] }).issues[0]).toMatch(
      /is not an origin/,
    );
  });

  it("checks SESSION_FINGERPRINT's shape", () => {
    expect(configError({ password: PASSWORD, expectedFingerprint: "abc" }).issues[0]).toMatch(
      /^expectedFingerprint \(SESSION_FINGERPRINT\) must be 16 hex digits/,
    );
  });

  it("names every problem at once", () => {
    const error = configError({}, { SESSION_TTL: "0", SESSION_COOKIE_NAME: "bad name" });
    expect(error.issues).toHaveLength(3);
  });

  // Issue 14: SESSION_HOME_URL names the home site of the cross-domain hand-off, as an origin.
  it("reads SESSION_HOME_URL as an origin and refuses anything else", () => {
    expect(resolveSessionConfig({}, { SESSION_PASSWORD: PASSWORD }).homeUrl).toBeUndefined();
    const env = { SESSION_PASSWORD: PASSWORD, SESSION_HOME_URL: " https://OldWebsite.com/ " };
    expect(resolveSessionConfig({}, env).homeUrl).toBe("https://oldwebsite.com");
    expect(resolveSessionConfig({ password: PASSWORD, homeUrl: "http://localhost:3001" }, {}).homeUrl).toBe(
      "http://localhost:3001",
    );
    for (const bad of [
      "oldwebsite.com",
      "ftp://oldwebsite.com",
      "https://oldwebsite.com/login",
      "https://user@oldwebsite.com",
      "https://oldwebsite.com?x=1",
      "https://oldwebsite.com#x",
      "javascript:alert(1)",
    ]) {
      const error = configError({}, { SESSION_PASSWORD: PASSWORD, SESSION_HOME_URL: bad });
      expect(error.issues).toEqual([
        expect.stringMatching(/^homeUrl \(SESSION_HOME_URL\) .* is not an origin/),
      ]);
    }
  });
});
