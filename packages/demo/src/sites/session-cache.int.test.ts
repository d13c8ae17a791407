// The session cache on real PostgreSQL, over HTTP on two demo sites (two routed clients, two caches,
// two LISTEN connections, as two deployments would have). The identity pool goes through a counting
// proxy; the LISTEN connection goes direct, so the proxy sees exactly the requests' statements.

import { PrismaClient } from "@userbridge/clients/app";
import { createDb } from "@userbridge/db";
import { createTestDatabase, serverAdminUrl } from "@userbridge/testing/databases";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FreezableProxy, freezableProxy } from "../../../db/test/freezable-proxy.js";
import { Browser } from "../../test/browser.js";
import { useSiteDatabases } from "../../test/site-databases.js";
import { type RunningSites, startSites } from "./sites.js";

const databases = useSiteDatabases();
let proxy: FreezableProxy;
let listenerProxy: FreezableProxy;
let sites: RunningSites;
let n = 0;

beforeAll(async () => {
  proxy = await freezableProxy(databases.shared.url);
  listenerProxy = await freezableProxy(databases.shared.directUrl);
  sites = await startSites({
    sharedDatabaseUrl: proxy.url,
    sharedDirectUrl: listenerProxy.url,
    old: { appDatabaseUrl: databases.oldSite.url },
    new: { appDatabaseUrl: databases.newSite.url },
    hostname: "127.0.0.1",
    session: { password: "cache-test-password-cache-test-password", env: {}, logger: { warn() {} } },
    warn() {},
  });
  await vi.waitFor(() =>
    expect(sites.old.db.$sessionChanges.live && sites.new.db.$sessionChanges.live).toBe(true),
  );
}, 60_000);

afterAll(async () => {
  await sites?.close();
  await proxy?.close();
  listenerProxy?.thaw();
  await listenerProxy?.close();
});

async function loggedIn(): Promise<Browser> {
  const browser = new Browser();
  const credentials = { email: `cache-${n++}@example.com`, password: "correct horse battery" };
  expect((await browser.post(`${sites.old.url}/signup`, credentials)).status).toBe(201);
  return browser;
}

describe("the session cache", () => {
  it("serves warm requests with no statement to the identity database", async () => {
    const browser = await loggedIn();
    expect((await browser.get(`${sites.new.url}/me`)).status).toBe(200); // first: read and cached
    proxy.bytesToServer = 0;
    for (let i = 0; i < 20; i++) expect((await browser.get(`${sites.new.url}/me`)).status).toBe(200);
    expect(proxy.bytesToServer).toBe(0);
  });

  it("sees a logout on the other site within milliseconds", async () => {
    const browser = await loggedIn();
    const cookie = browser.cookie("userbridge_session") as string;
    expect((await browser.get(`${sites.new.url}/me`)).status).toBe(200); // cached on new
    const replay = new Browser();
    replay.setCookie("userbridge_session", cookie);
    expect((await browser.post(`${sites.old.url}/logout`)).status).toBe(200);
    const started = performance.now();
    await expect
      .poll(async () => (await replay.get(`${sites.new.url}/me`)).status, { interval: 1 })
      .toBe(401);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("never lets a revoked cookie through when every identity connection is killed", async () => {
    const browser = await loggedIn();
    expect((await browser.get(`${sites.new.url}/me`)).status).toBe(200); // cached on new
    const admin = new pg.Client({ connectionString: serverAdminUrl("identity") });
    await admin.connect();
    try {
      // The listener dies with the rest, and the revocation happens while nobody listens.
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [databases.shared.name],
      );
      const direct = new pg.Client({ connectionString: databases.shared.url });
      await direct.connect();
      await direct.query('DELETE FROM "Session"');
      await direct.end();
    } finally {
      await admin.end();
    }
    expect((await browser.get(`${sites.new.url}/me`)).status).toBe(401);
    // The feed comes back by itself, and the cache works again.
    await expect.poll(() => sites.new.db.$sessionChanges.live, { timeout: 10_000 }).toBe(true);
    const again = await loggedIn();
    expect((await again.get(`${sites.new.url}/me`)).status).toBe(200);
    proxy.bytesToServer = 0;
    expect((await again.get(`${sites.new.url}/me`)).status).toBe(200);
    expect(proxy.bytesToServer).toBe(0);
  });

  it("a listener that goes silent stops the cache within its lease: a revocation then is seen within ~1 s", async () => {
    // Regression (review of issue 13): with the listener's path blackholed, a revoked cookie was served for
    // 2.7 s, until the heartbeat's query timed out.
    const browser = await loggedIn();
    expect((await browser.get(`${sites.new.url}/me`)).status).toBe(200); // cached on new
    listenerProxy.freeze();
    try {
      const revokedAt = performance.now();
      const direct = new pg.Client({ connectionString: databases.shared.url });
      await direct.connect();
      await direct.query('DELETE FROM "Session"');
      await direct.end();
      await expect
        .poll(async () => (await browser.get(`${sites.new.url}/me`)).status, { interval: 5, timeout: 3_000 })
        .toBe(401);
      expect(performance.now() - revokedAt).toBeLessThan(1_500);
    } finally {
      listenerProxy.thaw();
    }
    await vi.waitFor(() => expect(sites.new.db.$sessionChanges.live).toBe(true), { timeout: 10_000 });
  });
});

describe("a listener on a database without the NOTIFY triggers", () => {
  it("is never live, so nothing is cached", async () => {
    const empty = await createTestDatabase("identity", "empty");
    const db = createDb({
      appClient: PrismaClient,
      sharedDatabaseUrl: databases.shared.url,
      appDatabaseUrl: databases.oldSite.url,
      sharedDirectUrl: empty.directUrl,
    });
    try {
      const unsubscribe = db.$sessionChanges.subscribe({ change() {}, state() {} });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(db.$sessionChanges.live).toBe(false);
      unsubscribe();
    } finally {
      await db.$disconnect();
      await empty.drop();
    }
  });
});
