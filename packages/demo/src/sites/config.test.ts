import { InvalidConfigError } from "@userbridge/db";
import { describe, expect, it } from "vitest";
import { readSiteConfig, readSitesConfig } from "./config.js";

const ENV = {
  SHARED_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/shared",
  APP_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/old",
  NEW_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/new",
  SESSION_PASSWORD: "p".repeat(32),
};

describe("readSitesConfig", () => {
  it("reads each site's own database from its schema's variable (old: app, new: new)", () => {
    expect(readSiteConfig("old", ENV)).toMatchObject({ site: "old", appDatabaseUrl: ENV.APP_DATABASE_URL });
    expect(readSiteConfig("new", ENV)).toMatchObject({ site: "new", appDatabaseUrl: ENV.NEW_DATABASE_URL });
    const { NEW_DATABASE_URL: _, ...withoutNew } = ENV;
    expect(() => readSiteConfig("new", withoutNew)).toThrow(/NEW_DATABASE_URL is not set/);
    expect(readSiteConfig("old", withoutNew).appDatabaseUrl).toBe(ENV.APP_DATABASE_URL);
  });

  it("reads the URLs, and defaults the ports to 3001 and 3002", () => {
    const config = readSitesConfig(ENV);
    expect(config).toMatchObject({
      sharedDatabaseUrl: ENV.SHARED_DATABASE_URL,
      old: { appDatabaseUrl: ENV.APP_DATABASE_URL, port: 3001 },
      new: { appDatabaseUrl: ENV.NEW_DATABASE_URL, port: 3002 },
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
      "APP_DATABASE_URL is not set",
      "PORT_OLD must be a port number (1-65535)",
      "NEW_DATABASE_URL is not set",
      "PORT_NEW must be a port number",
      "password (SESSION_PASSWORD) is not set",
      expect.stringMatching(/^ttl \(SESSION_TTL\) must not be 0/),
    ]);
  });

  // Issue 14: --cross-domain (or DEMO_CROSS_DOMAIN=1) puts the sites on two hosts with the hand-off on.
  it("cross-domain: old on localhost trusts the new origin, new on 127.0.0.1 logs in through old", () => {
    expect(readSitesConfig({ ...ENV, DEMO_CROSS_DOMAIN: "1" }).crossDomain).toBe(true);
    expect(readSitesConfig(ENV).crossDomain).toBe(false);
    const newSite = readSiteConfig(
      "new",
      { ...ENV, PORT_OLD: "4001", PORT_NEW: "4002" },
      { crossDomain: true },
    );
    expect(newSite).toMatchObject({
      hostname: "127.0.0.1",
      port: 4002,
      session: { homeUrl: "http://localhost:4001" },
    });
    const oldSite = readSiteConfig("old", { ...ENV, DEMO_CROSS_DOMAIN: "true" });
    expect(oldSite).toMatchObject({
      hostname: "localhost",
      session: { trustedOrigins: ["http://127.0.0.1:3002"] },
    });
    expect(() => readSitesConfig({ ...ENV, DEMO_CROSS_DOMAIN: "maybe" })).toThrow(
      /DEMO_CROSS_DOMAIN must be 1, 0, true or false/,
    );
  });
});
