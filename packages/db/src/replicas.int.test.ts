// Read replicas with read-your-writes, on a real primary and a streaming standby replaying 400 ms behind
// (@userbridge/testing's replicated pair): no request reads its own write stale, a position carried to the
// next request is honoured, clean reads go to the replica, and a replica that stops costs no request.
import { setTimeout as sleep } from "node:timers/promises";
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { type ReplicatedPair, startReplicatedPair } from "@userbridge/testing/replication/replicated-pair";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { README_SESSION_PASSWORD, readmeBlock, snippetProject } from "../test/readme-snippets.ts";
import {
  createDb,
  type Db,
  InvalidConfigError,
  type RouteDecision,
  readOnly,
  recordRoutes,
  runWithRouting,
} from "./index.js";

let pair: ReplicatedPair;
let db: Db<AppClient>;
const trace = recordRoutes();
const warnings: string[] = [];

/** One request: a fresh routing context, as the adapters give each request. */
const request = <T>(fn: () => Promise<T>) => runWithRouting({ admin: false }, fn);
const served = (decisions: readonly RouteDecision[]) => decisions.map((d) => `${d.server}/${d.serverReason}`);

beforeAll(async () => {
  pair = await startReplicatedPair({ replayDelayMs: 400 });
  await Promise.all([
    pair.createDatabase("identity", { schema: "shared" }),
    pair.createDatabase("site", { schema: "app" }),
  ]);
  db = createDb({
    appClient: AppClient,
    sharedDatabaseUrl: pair.primaryUrl("identity"),
    appDatabaseUrl: pair.primaryUrl("site"),
    replicas: { shared: [pair.standbyUrl("identity")], app: [pair.standbyUrl("site")] },
    replicaTuning: { pollIntervalMs: 50, maxLagMs: 3_000, downCooldownMs: 500 },
    onRoute: trace.onRoute,
    warn: (message) => warnings.push(message),
  });
  await db.$replicas.ready();
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await pair?.close();
});

describe("read replicas with read-your-writes", () => {
  it("never reads a request's own write stale: after a write, that database's reads go to its primary", async () => {
    const user = await request(() => db.user.create({ data: { email: "ada@example.test", name: "v0" } }));
    let stale = 0;
    for (let round = 1; round <= 30; round++) {
      trace.clear();
      const name = await request(async () => {
        await db.user.update({ where: { id: user.id }, data: { name: `v${round}` } });
        return (await db.user.findUniqueOrThrow({ where: { id: user.id } })).name;
      });
      if (name !== `v${round}`) stale++;
      expect(served(trace.decisions)).toEqual(["primary/primary:write", "primary/primary:written"]);
    }
    expect(stale).toBe(0);
  });

  it("carries the position to the next request: a row written just now is found although the replica lags", async () => {
    const { positions, id } = await request(async () => {
      const created = await db.user.create({ data: { email: "login@example.test" } });
      return { id: created.id, positions: await db.$causal.carry() };
    });
    expect(Object.keys(positions)).toEqual(["shared"]);
    trace.clear();
    // The next request (another site, another process): it knows only the cookie's positions.
    const found = await request(async () => {
      db.$causal.observe(positions);
      return db.user.findUnique({ where: { id } });
    });
    expect(found?.email).toBe("login@example.test");
    expect(served(trace.decisions)).toEqual(["primary/primary:lagging"]);
    // Without the position, the lagging replica answers, and misses the row: what the cookie prevents.
    const unaware = await request(() => db.user.findUnique({ where: { id } }));
    expect(unaware).toBeNull();
    // Once replayed, the same position is served by the replica.
    await sleep(900);
    trace.clear();
    const later = await request(async () => {
      db.$causal.observe(positions);
      return db.user.findUnique({ where: { id } });
    });
    expect(later?.email).toBe("login@example.test");
    expect(served(trace.decisions)).toEqual(["replica:0/replica"]);
  });

  it("serves clean reads from the replica, on both databases", async () => {
    await sleep(900);
    trace.clear();
    for (let index = 0; index < 100; index++) {
      await request(() => Promise.all([db.user.count(), db.post.count()]));
    }
    const onReplica = trace.decisions.filter((decision) => decision.server === "replica:0").length;
    expect(onReplica / trace.decisions.length).toBeGreaterThanOrEqual(0.95);
    expect(new Set(trace.decisions.map((decision) => decision.client))).toEqual(new Set(["shared", "app"]));
  });

  it("sends writes, raw SQL and transactions to the primary", async () => {
    await sleep(900);
    trace.clear();
    await request(async () => {
      // A raw read declared read-only: the primary, and later reads may still use the replica.
      await db.$queryRaw(...readOnly`SELECT 1`);
      await db.post.count();
    });
    await request(async () => {
      await db.$executeRaw`UPDATE "Post" SET "title" = "title" WHERE false`; // raw SQL that may write
      await db.post.count();
    });
    await request(() => db.$transaction(async (tx) => tx.post.count()));
    await request(() => db.$primary().user.count());
    expect(trace.decisions.map((d) => [d.model, d.server, d.serverReason])).toEqual([
      ["$raw", "primary", "primary:raw"],
      ["post", "replica:0", "replica"],
      ["$raw", "primary", "primary:write"],
      ["post", "primary", "primary:written"],
      ["$transaction", "primary", "primary:write"],
      ["post", "primary", "primary:transaction"],
      ["user", "primary", "primary:explicit"],
    ]);
  });

  it("takes a stopped replica out of rotation without failing a request, and puts it back", async () => {
    await sleep(900);
    const failures: unknown[] = [];
    const reasons = new Set<string>();
    const reads = (async () => {
      for (let index = 0; index < 150; index++) {
        trace.clear();
        await request(() => db.user.count()).catch((error) => failures.push(error));
        for (const decision of trace.decisions) reasons.add(decision.serverReason ?? "");
        await sleep(10);
      }
    })();
    await sleep(300);
    await pair.stopStandby();
    await sleep(600);
    await pair.startStandby();
    await reads;
    expect(failures).toEqual([]);
    expect(reasons).toContain("primary:no-replica");
    expect(warnings.some((warning) => warning.includes("no replica of the shared database"))).toBe(true);
    // Back in rotation once a poll finds it well again.
    await sleep(1_000);
    trace.clear();
    await request(() => db.user.count());
    expect(served(trace.decisions)).toEqual(["replica:0/replica"]);
  });

  it("takes a replica that falls behind the bound out of rotation", async () => {
    await pair.pauseReplay();
    try {
      await request(() => db.user.create({ data: { email: "moves-the-primary@example.test" } }));
      await sleep(3_500);
      trace.clear();
      await request(() => db.user.count());
      expect(served(trace.decisions)).toEqual(["primary/primary:no-replica"]);
    } finally {
      await pair.resumeReplay();
    }
  });
});

describe("read replicas: what the review attacked", () => {
  it("counts an interactive transaction on a named database as a write of the request", async () => {
    const user = await request(() => db.user.create({ data: { email: "tx@example.test", name: "v0" } }));
    await sleep(900);
    trace.clear();
    const name = await request(async () => {
      await db.$transaction((tx) => tx.user.update({ where: { id: user.id }, data: { name: "v1" } }), {
        client: "shared",
      });
      return (await db.user.findUniqueOrThrow({ where: { id: user.id } })).name;
    });
    expect(name).toBe("v1");
    expect(served(trace.decisions).at(-1)).toBe("primary/primary:written");
  });

  it("reads the primary outside any routing context, where no write is remembered", async () => {
    const user = await request(() => db.user.create({ data: { email: "job@example.test", name: "v0" } }));
    await sleep(900);
    trace.clear();
    await db.user.update({ where: { id: user.id }, data: { name: "v1" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("v1");
    expect(served(trace.decisions)).toEqual(["primary/primary:write", "primary/primary:no-context"]);
  });

  it("never reads from a standby of another database, or a paused one behind an idle primary", async () => {
    const wrong = createDb({
      appClient: AppClient,
      sharedDatabaseUrl: pair.primaryUrl("identity"),
      appDatabaseUrl: pair.primaryUrl("site"),
      replicas: { app: [pair.standbyUrl("identity")] },
      replicaTuning: { pollIntervalMs: 50, maxLagMs: 1_000 },
      warn: () => {},
    });
    try {
      await wrong.$replicas.ready();
      await sleep(200);
      expect(wrong.$replicas.status().app.map((replica) => replica.healthy)).toEqual([false]);
    } finally {
      await wrong.$disconnect();
    }
    await pair.pauseReplay();
    try {
      await request(() => db.user.create({ data: { email: "before-idle@example.test" } }));
      // The primary now idles: its position stays put, the standby stays behind it.
      await sleep(3_500); // past maxLagMs (3 s), polled every 50 ms meanwhile
      for (let check = 0; check < 3; check++) {
        expect(db.$replicas.status().shared[0]?.healthy).toBe(false);
        await sleep(500);
      }
    } finally {
      await pair.resumeReplay();
    }
  });
});

describe("replica configuration", () => {
  it("reads SHARED_REPLICA_URLS / APP_REPLICA_URLS, and names every malformed one", () => {
    const env = {
      SHARED_DATABASE_URL: "postgresql://127.0.0.1:1/identity",
      APP_DATABASE_URL: "postgresql://127.0.0.1:1/site",
      SHARED_REPLICA_URLS: "postgresql://127.0.0.1:2/identity, mysql://nope/x",
      APP_REPLICA_URLS: "not a url",
    };
    const error = (() => {
      try {
        createDb({ appClient: AppClient }, env);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toContain("SHARED_REPLICA_URLS[1] must start with postgresql://");
    expect((error as Error).message).toContain("APP_REPLICA_URLS[0] is not a URL");
  });

  it("changes nothing without replicas: decisions carry no server, carry() is empty", async () => {
    const plain = createDb(
      { appClient: AppClient, onRoute: trace.onRoute },
      { SHARED_DATABASE_URL: pair.primaryUrl("identity"), APP_DATABASE_URL: pair.primaryUrl("site") },
    );
    try {
      trace.clear();
      const positions = await request(async () => {
        await plain.user.create({ data: { email: "plain@example.test" } });
        await plain.user.count();
        return plain.$causal.carry();
      });
      expect(positions).toEqual({});
      expect(trace.decisions.map((decision) => decision.server)).toEqual([undefined, undefined]);
    } finally {
      await plain.$disconnect();
    }
  });
});

describe("README: read replicas", () => {
  it("// fresh-profile.ts reads the primary through the README's db.ts on SHARED_REPLICA_URLS", async () => {
    const env = {
      SHARED_DATABASE_URL: pair.primaryUrl("identity"),
      APP_DATABASE_URL: pair.primaryUrl("site"),
      SHARED_REPLICA_URLS: pair.standbyUrl("identity"),
      SESSION_PASSWORD: README_SESSION_PASSWORD,
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const project = await snippetProject({
      "db.ts": await readmeBlock("// db.ts"),
      "fresh-profile.ts": await readmeBlock("// fresh-profile.ts"),
    });
    const site = await project.load<{ db: Db<AppClient> }>("db.ts");
    try {
      await site.db.$replicas.ready();
      const { freshProfile } = await project.load<{
        freshProfile(id: string): Promise<{ email: string } | null>;
      }>("fresh-profile.ts");
      // Written in another request (another site): this one knows no position, and the replica lags.
      const { id } = await request(() => db.user.create({ data: { email: "fresh@example.test" } }));
      const [stale, fresh] = await request(() =>
        Promise.all([site.db.user.findUnique({ where: { id } }), freshProfile(id)]),
      );
      expect(stale).toBeNull();
      expect(fresh?.email).toBe("fresh@example.test");
    } finally {
      await site.db.$disconnect();
      await project.remove();
      process.env = saved;
    }
  });
});
