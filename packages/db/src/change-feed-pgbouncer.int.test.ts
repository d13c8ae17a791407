// The session cache trusts the change feed only while it is live. Through PgBouncer in transaction
// pooling, LISTEN silently receives nothing from other sessions, yet the feed's own heartbeat NOTIFY
// could come back inside its own transaction: it must not count, or a logout elsewhere would be served
// from the cache. Only a direct URL makes a live feed.
import { setTimeout as sleep } from "node:timers/promises";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { type PgBouncer, startPgBouncer } from "@userbridge/testing/pgbouncer/start-pgbouncer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeFeed } from "./change-feed.js";

let identity: TestDatabase;
let bouncer: PgBouncer;

beforeAll(async () => {
  identity = await createTestDatabase("identity", "shared");
  bouncer = await startPgBouncer({
    targets: { identity: identity.directUrl },
    poolMode: "transaction",
    ignoreStartupParameters: ["statement_timeout"],
  });
});

afterAll(async () => {
  await bouncer?.close();
  await identity?.drop();
});

async function liveAfter(url: string, ms: number): Promise<boolean> {
  const feed = changeFeed(url, "userbridge_sessions", { heartbeatMs: 100, leaseMs: 500 });
  const unsubscribe = feed.subscribe({ change: () => {}, state: () => {} });
  try {
    await sleep(ms);
    return feed.live;
  } finally {
    unsubscribe();
    await feed.close();
  }
}

describe("the change feed behind PgBouncer", () => {
  it("is never live through transaction pooling, where other sessions' notifications are lost", async () => {
    expect(await liveAfter(bouncer.url("identity"), 2_000)).toBe(false);
  });

  it("is live on the direct URL", async () => {
    expect(await liveAfter(identity.directUrl, 2_000)).toBe(true);
  });
});
