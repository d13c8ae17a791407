import { describe, expect, it } from "vitest";
import { describeDatabaseUrl, readDatabaseUrls } from "./config.js";
import { InvalidConfigError, USERBRIDGE_ERROR_CODES } from "./index.js";

const issuesOf = (env: Record<string, string | undefined>) => {
  try {
    readDatabaseUrls(["shared", "app"], env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error).toMatchObject({ code: USERBRIDGE_ERROR_CODES.INVALID_CONFIG });
    return (error as InvalidConfigError).issues;
  }
  throw new Error("expected an InvalidConfigError");
};

describe("readDatabaseUrls", () => {
  it("returns both URLs when valid", () => {
    expect(
      readDatabaseUrls(["shared", "app"], {
        SHARED_DATABASE_URL: "postgresql://u:p@db:5432/identity",
        APP_DATABASE_URL: " postgres://localhost/site ",
      }),
    ).toEqual({ shared: "postgresql://u:p@db:5432/identity", app: "postgres://localhost/site" });
  });

  it("names every bad variable in one error", () => {
    expect(issuesOf({})).toEqual(["SHARED_DATABASE_URL is not set", "APP_DATABASE_URL is not set"]);
    expect(issuesOf({ SHARED_DATABASE_URL: "", APP_DATABASE_URL: "not a url" })).toEqual([
      "SHARED_DATABASE_URL is empty",
      "APP_DATABASE_URL is not a URL",
    ]);
    expect(issuesOf({ SHARED_DATABASE_URL: "mysql://h/db", APP_DATABASE_URL: "postgresql://h" })).toEqual([
      "SHARED_DATABASE_URL must start with postgresql:// or postgres://",
      "APP_DATABASE_URL must name a database (…/dbname)",
    ]);
  });

  it("asks only for the databases named", () => {
    expect(readDatabaseUrls(["app"], { APP_DATABASE_URL: "postgresql://h/a" })).toEqual({
      app: "postgresql://h/a",
    });
  });
});

describe("describeDatabaseUrl", () => {
  it("never shows the password", () => {
    expect(describeDatabaseUrl("postgresql://admin:s3cret@db.internal:6543/identity?sslmode=require")).toBe(
      "db.internal:6543/identity as admin",
    );
    expect(describeDatabaseUrl("postgresql://localhost/site")).toBe("localhost:5432/site");
  });
});
