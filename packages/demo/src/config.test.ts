import { InvalidConfigError } from "@userbridge/db";
import { describe, expect, it } from "vitest";
import { readSitesConfig } from "./config.js";

const ENV = {
  SHARED_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/shared",
  OLD_APP_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/old",
  NEW_APP_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/new",
  SESSION_PASSWORD: "p".repeat(32),
};

describe("readSitesConfig", () => {
  it("reads the URLs, and defaults the ports to 3001 and 3002", () => {
    const config = readSitesConfig(ENV);
    expect(config).toMatchObject({
      sharedDatabaseUrl: ENV.SHARED_DATABASE_URL,
      old: { appDatabaseUrl: ENV.OLD_APP_DATABASE_URL, port: 3001 },
      new: { appDatabaseUrl: ENV.NEW_APP_DATABASE_URL, port: 3002 },
    });
    expect(readSitesConfig({ ...ENV, PORT_OLD: "4001", PORT_NEW: " 4002 " })).toMatchObject({
      old: { port: 4001 },
      new: { port: 4002 },
    });
  });

  it("names every missing or bad variable at once, session ones included", () => {
    let error: unknown;
    try {
      readSitesConfig({
        SHARED_DATABASE_URL: "mysql://x/y",
        PORT_OLD: "70000",
        PORT_NEW: "abc",
        SESSION_TTL: "0",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).issues).toEqual([
      "SHARED_DATABASE_URL must be a postgresql:// URL",
      "OLD_APP_DATABASE_URL is not set",
      "NEW_APP_DATABASE_URL is not set",
      "PORT_OLD must be a port number (1-65535)",
      "PORT_NEW must be a port number",
      "password (SESSION_PASSWORD) is not set",
      expect.stringMatching(/^ttl \(SESSION_TTL\) must not be 0/),
    ]);
  });
});
