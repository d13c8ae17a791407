// A database that stops answering (frozen process, silent network) must cost a request a bounded
// wait with the DEFAULT pool settings: DatabaseUnavailableError within 10 s, the other database and
// the admin unaffected, and recovery without a restart once it answers again.
// Regression (issue 9, defect 4): /me hung for 75 s and more, and all pooled connections stuck.
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreezableProxy, freezableProxy } from "../test/freezable-proxy.ts";
import { createDb, DatabaseUnavailableError, type Db, poolStats, runWithRouting } from "./index.js";

const BOUND_MS = 10_000;
let shared: TestDatabase;
let app: TestDatabase;
let proxy: FreezableProxy;
let db: Db<AppClient>;

beforeAll(async () => {
  [shared, app] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
  ]);
  proxy = await freezableProxy(shared.url);
  db = createDb({ appClient: AppClient, sharedDatabaseUrl: proxy.url, appDatabaseUrl: app.url }); // the default pool settings
});

afterAll(async () => {
  proxy?.thaw();
  await db?.$disconnect();
  await proxy?.close();
  await Promise.all([shared?.drop(), app?.drop()]);
});

async function settle(call: () => PromiseLike<unknown>): Promise<{ error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
    return { ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe("a frozen identity database, default pool settings", () => {
  it("fails every identity call typed within 10 s, keeps the rest, and recovers", {
    timeout: 60_000,
  }, async () => {
    // Connections already pooled (they will hang) and calls that need new ones (they will not connect).
    await Promise.all([db.user.count(), db.user.count(), db.user.count()]);
    proxy.freeze();

    const calls = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        settle(() => (i % 2 ? db.user.findMany({ take: 1 }) : db.session.count())),
      ),
    );
    console.info(
      `userbridge: frozen identity database: slowest typed failure ${Math.round(Math.max(...calls.map((c) => c.ms)))} ms`,
    );
    for (const { error, ms } of calls) {
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error).toMatchObject({ database: "shared", status: 503 });
      expect(ms).toBeLessThan(BOUND_MS);
    }
    // The site's own database and the admin (the site's own tables) do not wait for it.
    expect(await settle(() => db.post.count())).toEqual({ ms: expect.any(Number) });
    expect(await settle(() => runWithRouting({ admin: true }, () => db.user.count()))).toEqual({
      ms: expect.any(Number),
    });

    proxy.thaw();
    await expect(db.user.count()).resolves.toEqual(expect.any(Number));
    // No connection leaked: once the stuck ones are closed or answered, all are idle.
    await expect.poll(() => poolStats(db).shared, { timeout: 10_000 }).toMatchObject({ waiting: 0 });
    await expect
      .poll(
        () => {
          const { total, idle } = poolStats(db).shared;
          return total === idle;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  });
});
