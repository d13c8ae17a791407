// Faults on real PostgreSQL: an exhausted pool, and each database going away and coming back.
import {
  type ServerName,
  skipUnlessServerControl,
  startServer,
  stopServer,
} from "@userbridge/testing/databases";
import { afterEach, describe, expect, it } from "vitest";
import { useSiteDb } from "../test/site-db.ts";
import { DatabaseUnavailableError, poolStats, runWithRouting } from "./index.js";

const CONNECTION_TIMEOUT_MS = 2_000;
const site = useSiteDb({ pool: { max: 2, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS } });

describe("pool exhaustion (pool of 2 per database)", () => {
  it("completes 200 concurrent mixed calls and leaks no connection", { timeout: 60_000 }, async () => {
    const slow = new Array(200).fill(0).map((_, i) => {
      const admin = i % 3 === 0;
      return runWithRouting({ admin }, async () => {
        if (i % 4 === 0) await site.db.post.create({ data: { title: `p${i}`, authorId: "x" } });
        else if (i % 4 === 1) await site.db.user.create({ data: { email: `u${i}@pool.test` } });
        else await site.db.user.findMany({ take: 5 });
        return admin;
      });
    });
    // Generous per-call bound from the pool timeout: a deadlock would leave calls pending forever.
    const results = await Promise.allSettled(slow);
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);

    const stats = poolStats(site.db);
    expect(stats.shared).toMatchObject({ waiting: 0 });
    expect(stats.app).toMatchObject({ waiting: 0 });
    expect(stats.shared.idle).toBe(stats.shared.total);
    expect(stats.app.idle).toBe(stats.app.total);
    expect(stats.shared.total).toBeLessThanOrEqual(2);
  });
});

/** Fails with the error a call rejects with, and how long it took. */
async function failure(call: () => PromiseLike<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error("expected the call to fail");
}

describe.each([
  {
    server: "identity" as ServerName,
    down: "shared",
    routedThere: () => site.db.user.count(),
    elsewhere: () => site.db.post.count(),
  },
  {
    server: "app" as ServerName,
    down: "app",
    routedThere: () => site.db.post.count(),
    elsewhere: () => site.db.user.count(),
  },
])("the $server server goes away", ({ server, down, routedThere, elsewhere }) => {
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") await startServer(server).catch(() => {});
  });

  it(`fails ${down} calls fast and typed, keeps the other database, and recovers without a restart`, async (context) => {
    skipUnlessServerControl(context);
    await routedThere(); // a pooled connection exists, and will be cut
    await stopServer(server);

    const { error, ms } = await failure(routedThere);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ database: down });
    expect(ms).toBeLessThan(CONNECTION_TIMEOUT_MS + 3_000);
    await expect(elsewhere()).resolves.toEqual(expect.any(Number));
    if (server === "identity") {
      // The admin reads the site's own tables: it keeps working during an identity outage.
      await expect(runWithRouting({ admin: true }, () => site.db.user.count())).resolves.toEqual(
        expect.any(Number),
      );
    }

    await startServer(server);
    await expect(routedThere()).resolves.toEqual(expect.any(Number));
    expect(poolStats(site.db)[down as "shared" | "app"].waiting).toBe(0);
  });
});
