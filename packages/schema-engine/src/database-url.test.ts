import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, withDatabase } from "./database-url.ts";
import { UserFacingError } from "./errors.ts";

describe("parseDatabaseUrl", () => {
  it("reads location, Prisma's ?schema= and connect_timeout, with defaults", () => {
    expect(
      parseDatabaseUrl("postgresql://me:secret@db.example.com:6543/app?schema=site&connect_timeout=2"),
    ).toEqual({
      host: "db.example.com",
      port: "6543",
      database: "app",
      user: "me",
      schema: "site",
      connectTimeoutMs: 2000,
    });
    expect(parseDatabaseUrl("postgres://localhost/")).toMatchObject({
      port: "5432",
      database: "postgres",
      user: "postgres",
      connectTimeoutMs: 5000,
    });
  });

  it("never waits forever: connect_timeout=0 becomes a minute", () => {
    expect(parseDatabaseUrl("postgresql://h/d?connect_timeout=0").connectTimeoutMs).toBe(60_000);
  });

  it("rejects other databases and non-URLs with P1013", () => {
    for (const url of ["mysql://h/d", "not a url"]) {
      expect(() => parseDatabaseUrl(url)).toThrow(UserFacingError);
      expect(() => parseDatabaseUrl(url)).toThrow(/database string is invalid/);
    }
  });
});

it("withDatabase keeps credentials and parameters", () => {
  expect(withDatabase("postgresql://me:pw@h:1/a?sslmode=require", "b c")).toBe(
    "postgresql://me:pw@h:1/b%20c?sslmode=require",
  );
});
