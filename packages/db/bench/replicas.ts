// `pnpm bench:replicas`: read replicas with read-your-writes by WAL position (#12), measured side by side in
// one run on a real primary and a streaming standby replaying BENCH_REPLAY_DELAY_MS (400) behind:
//   (a) stale reads in "update, then read it back" sequences: userbridge vs @prisma/extension-read-replicas;
//   (b) the share of clean reads (a request that did not write) served by the replica;
//   (c) what capturing the causal position costs, per write and per request (carrying it in a cookie);
//   (d) findUnique by id on the replica (routed) vs on the primary (db.$primary(), and a client without replicas);
//   (e) throughput of a 95% read / 5% write mix, each op its own request, with one replica vs without.
// Not a test: numbers depend on the machine, and here the primary, the standby and this process share its
// cores, so compare within one run. Sizes: BENCH_SEQUENCES (1000), BENCH_ROUNDS (2000), BENCH_MIX_OPS (1500 per
// sample), BENCH_MIX_ROUNDS (9 samples per side after a warm-up), BENCH_USERS (1000).
import { type RouteDecision, recordRoutes, runWithRouting } from "@userbridge/router";
import pg from "pg";
import { statementCounter } from "../test/statement-counter.js";
import { extensionClient } from "./replicas-extension.js";
import { concurrent, interleave, type Latencies } from "./replicas-loops.js";
import { startBenchPair } from "./replicas-pair.js";
import {
  BENCH_POOL,
  carryPosition,
  nextRequestWith,
  primaryOf,
  type Urls,
  type UserbridgeDb,
  userbridgeDb,
} from "./replicas-userbridge.js";
import { fixed, median, percentile } from "./stats.js";

const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REPLAY_DELAY_MS = count("BENCH_REPLAY_DELAY_MS", 400);
const SEQUENCES = count("BENCH_SEQUENCES", 1000);
const ROUNDS = count("BENCH_ROUNDS", 2000);
const MIX_OPS = count("BENCH_MIX_OPS", 1500);
const MIX_ROUNDS = count("BENCH_MIX_ROUNDS", 9);
const USERS = count("BENCH_USERS", 1000);
const CONCURRENCIES = [16, 64];
const RAW_READ = 'SELECT * FROM "User" WHERE id = $1';
const POSITION_QUERY = "SELECT pg_current_wal_insert_lsn()::text AS lsn";

/** One request: its own routing context, as routingMiddleware gives every request. */
const request = <T>(fn: () => Promise<T>): Promise<T> => runWithRouting({ admin: false }, fn);
const pct = (part: number, whole: number) => `${fixed(whole === 0 ? Number.NaN : (100 * part) / whole)}%`;
const lat = (l: Latencies) => `p50 ${fixed(l.p50, 0)} us p99 ${fixed(l.p99, 0)} us`;
const isReplica = (decision: RouteDecision) => decision.server?.startsWith("replica:") === true;
const isRead = (decision: RouteDecision) => decision.operation.startsWith("find");

/** The reads among `decisions` by serverReason: `replica 990, primary:lagging 10`. */
function reasons(decisions: readonly RouteDecision[]): string {
  const counts = new Map<string, number>();
  for (const decision of decisions) {
    if (!isRead(decision)) continue;
    const key = decision.serverReason ?? "no serverReason";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${reason} ${n}`).join(", ") || "none";
}

const started = performance.now();
const bench = await startBenchPair(REPLAY_DELAY_MS, USERS);
const idOf = (i: number) => bench.userIds[i % bench.userIds.length] as string;
const urls: Urls = { shared: bench.shared, app: bench.app };
const trace = recordRoutes();
const cleanups: (() => Promise<unknown>)[] = [];
/** Closed (in reverse order) before the pair stops. */
const owned = <T>(resource: T, close: (resource: T) => Promise<unknown>): T => {
  cleanups.push(() => close(resource));
  return resource;
};
const disconnect = (client: { $disconnect(): Promise<unknown> }) => client.$disconnect();
const end = (pool: pg.Pool) => pool.end();

try {
  const db = owned(await userbridgeDb(urls, { withReplicas: true, onRoute: trace.onRoute }), disconnect);
  const plain = owned(await userbridgeDb(urls, { withReplicas: false }), disconnect);
  const extension = owned(extensionClient(bench.shared, BENCH_POOL), disconnect);
  const primaryPool = owned(new pg.Pool({ connectionString: bench.shared.primary, max: 2 }), end);
  const standbyPool = owned(new pg.Pool({ connectionString: bench.shared.standby, max: 2 }), end);
  const { client: primary, label: primaryLabel } = primaryOf(db);
  console.log(
    `bench:replicas on Node ${process.version}: ${bench.pair.engine} PostgreSQL primary + streaming standby replaying ${REPLAY_DELAY_MS} ms behind, ${USERS} users, pool ${BENCH_POOL.max} per server; ready in ${fixed((performance.now() - started) / 1000)} s`,
  );

  // (a) update a user's name, then read it back: userbridge in one request, the extension on its one client.
  const stale = { userbridge: 0, extension: 0, carried: 0 };
  trace.clear();
  await interleave(
    {
      userbridge: (i) =>
        request(async () => {
          const name = `ub-${i}`;
          await db.user.update({ where: { id: idOf(i) }, data: { name } });
          const read = await db.user.findUnique({ where: { id: idOf(i) }, select: { name: true } });
          if (read?.name !== name) stale.userbridge++;
        }),
      extension: async (i) => {
        const name = `ext-${i}`;
        await extension.user.update({ where: { id: idOf(i + 1) }, data: { name } });
        const read = await extension.user.findUnique({ where: { id: idOf(i + 1) }, select: { name: true } });
        if (read?.name !== name) stale.extension++;
      },
    },
    SEQUENCES,
    0,
  );
  console.log(
    `(a) stale reads in ${SEQUENCES} "update, then read it back" sequences (one request each): userbridge ${stale.userbridge} (${pct(stale.userbridge, SEQUENCES)}; reads: ${reasons(trace.decisions)}), @prisma/extension-read-replicas ${stale.extension} (${pct(stale.extension, SEQUENCES)}) (goal for userbridge: 0)`,
  );

  // (a') the same across two requests: the first carries its position (db.$causal.carry(), for the cookie),
  // the next observes it before reading.
  trace.clear();
  const next = nextRequestWith(db);
  for (let i = 0; i < SEQUENCES; i++) {
    const name = `carried-${i}`;
    const positions = await request(async () => {
      await db.user.update({ where: { id: idOf(i + 2) }, data: { name } });
      return carryPosition(db);
    });
    const read = await next(positions, () =>
      db.user.findUnique({ where: { id: idOf(i + 2) }, select: { name: true } }),
    );
    if (read?.name !== name) stale.carried++;
  }
  console.log(
    `(a) stale reads in ${SEQUENCES} sequences across two requests (position carried as in the cookie, then observed): userbridge ${stale.carried} (${pct(stale.carried, SEQUENCES)}; reads: ${reasons(trace.decisions)}) (goal: 0)`,
  );

  // ... and when the next request comes after the replica has replayed the write (replay delay + 2 polls + 100
  // ms): the replica serves it. LATER sequences at once, each waiting on its own.
  trace.clear();
  let staleLater = 0;
  const later = Math.min(50, SEQUENCES);
  const waitMs = REPLAY_DELAY_MS + 300;
  await Promise.all(
    Array.from({ length: later }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      const name = `later-${i}`;
      const positions = await request(async () => {
        await db.user.update({ where: { id: idOf(i + 3) }, data: { name } });
        return carryPosition(db);
      });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      const read = await next(positions, () =>
        db.user.findUnique({ where: { id: idOf(i + 3) }, select: { name: true } }),
      );
      if (read?.name !== name) staleLater++;
    }),
  );
  console.log(
    `(a) the same, the next request ${waitMs} ms later (${later} sequences): userbridge stale ${staleLater} (reads: ${reasons(trace.decisions)}) (goal: 0, and on the replica)`,
  );

  // (d) findUnique by id, interleaved call by call: routed in a clean request (a replica), db.$primary(),
  // the extension (its replica), and raw SQL on each server. (b) counts where the routed ones went.
  await bench.pair.waitForReplay();
  const warmup = Math.min(300, Math.ceil(ROUNDS / 10));
  const clean: RouteDecision[] = [];
  const reads = await interleave(
    {
      routed: async (i) => {
        trace.clear();
        await request(() => db.user.findUnique({ where: { id: idOf(i) } }));
        if (i >= warmup) clean.push(...trace.decisions);
      },
      primary: (i) => request(() => primary.user.findUnique({ where: { id: idOf(i) } })),
      plain: (i) => request(() => plain.user.findUnique({ where: { id: idOf(i) } })),
      extension: (i) => extension.user.findUnique({ where: { id: idOf(i) } }),
      rawStandby: (i) => standbyPool.query(RAW_READ, [idOf(i)]),
      rawPrimary: (i) => primaryPool.query(RAW_READ, [idOf(i)]),
    },
    ROUNDS,
    warmup,
  );
  const cleanOnReplica = clean.filter(isReplica).length;
  console.log(
    `(b) clean reads (one request each, nothing written) served by the replica, quiet primary: ${cleanOnReplica} of ${clean.length} (${pct(cleanOnReplica, clean.length)}; ${reasons(clean)}) (goal >= 95%)`,
  );

  // (c) per write: an update with replicas vs without (same primary), interleaved; statements on the wire.
  const writes = await interleave(
    {
      withReplicas: (i) =>
        request(() => db.user.update({ where: { id: idOf(i) }, data: { name: `w-${i}` } })),
      without: (i) =>
        request(() => plain.user.update({ where: { id: idOf(i + 500) }, data: { name: `p-${i}` } })),
    },
    ROUNDS,
  );
  const wire = await statementsPerWrite(urls, idOf);
  console.log(
    `(c) per write: update with a replica ${lat(writes.withReplicas)}, without ${lat(writes.without)}; with/without p50 ${fixed(writes.withReplicas.p50 / writes.without.p50, 3)}; statements to the primary per update: with ${fixed(wire.withReplicas, 2)}, without ${fixed(wire.without, 2)} (extra round trips ${fixed(wire.withReplicas - wire.without, 2)}); background polls of the shared database: ${wire.pollsPerSecond}/s on its primary, ${wire.replicaPollsPerSecond}/s on its replica (the app database's the same)`,
  );

  // (c) per request: db.$causal.carry() at the end of a request that wrote (what the cookie carries), next to
  // the raw position query and a raw read by id on the primary.
  const carryTimes: number[] = [];
  const carryRounds = Math.ceil(ROUNDS / 2);
  const position = await interleave(
    {
      carry: (i) =>
        request(async () => {
          await db.user.update({ where: { id: idOf(i) }, data: { name: `c-${i}` } });
          const t = performance.now();
          await carryPosition(db);
          carryTimes.push((performance.now() - t) * 1000);
        }),
      rawPosition: () => primaryPool.query(POSITION_QUERY),
      rawRead: (i) => primaryPool.query(RAW_READ, [idOf(i)]),
    },
    carryRounds,
  );
  const carry = summary(carryTimes.slice(-carryRounds));
  console.log(
    `(c) per request that wrote: db.$causal.carry() ${lat(carry)}; raw \`${POSITION_QUERY}\` ${lat(position.rawPosition)}, raw read by id ${lat(position.rawRead)}; carry / findUnique on the primary (d) p50 ${fixed(carry.p50 / reads.primary.p50, 2)}; requests that wrote nothing: no query (carry() = {})`,
  );

  console.log(
    `(d) findUnique by id: routed to the replica ${lat(reads.routed)}; ${primaryLabel} ${lat(reads.primary)}; replica/primary p50 ${fixed(reads.routed.p50 / reads.primary.p50, 3)} p99 ${fixed(reads.routed.p99 / reads.primary.p99, 3)}; a client without replicas ${lat(reads.plain)}; extension (replica) ${lat(reads.extension)}; raw SQL on the standby ${lat(reads.rawStandby)}, on the primary ${lat(reads.rawPrimary)}`,
  );

  // (e) a read-heavy mix, each op its own request: 95% findUnique, 5% update; with one replica vs without.
  const mixOf = (client: UserbridgeDb) => (i: number) =>
    request(async () => {
      if (i % 20 === 0) await client.user.update({ where: { id: idOf(i * 7) }, data: { name: `m-${i}` } });
      else await client.user.findUnique({ where: { id: idOf(i * 7) } });
    });
  const mixRatios: string[] = [];
  for (const concurrency of CONCURRENCIES) {
    type Sample = { opsPerSecond: number; p99: number };
    const samples = { replica: [] as Sample[], none: [] as Sample[] };
    const mixReads: RouteDecision[] = [];
    for (let round = -1; round < MIX_ROUNDS; round++) {
      // Round -1 is the warm-up; the order swaps every round.
      for (const side of round % 2 === 0 ? (["replica", "none"] as const) : (["none", "replica"] as const)) {
        trace.clear();
        const sample = await concurrent(mixOf(side === "replica" ? db : plain), concurrency, MIX_OPS);
        if (round < 0) continue;
        samples[side].push(sample);
        if (side === "replica") mixReads.push(...trace.decisions.filter(isRead));
      }
    }
    const med = (list: Sample[]) => ({
      opsPerSecond: median(list.map((s) => s.opsPerSecond)),
      p99: median(list.map((s) => s.p99)),
      range: `${fixed(Math.min(...list.map((s) => s.opsPerSecond)), 0)}-${fixed(Math.max(...list.map((s) => s.opsPerSecond)), 0)}`,
    });
    const replica = med(samples.replica);
    const none = med(samples.none);
    const ratio = replica.opsPerSecond / none.opsPerSecond;
    mixRatios.push(`c${concurrency} ${fixed(ratio, 3)}`);
    const onReplica = mixReads.filter(isReplica).length;
    console.log(
      `(e) 95/5 read/write mix, one request per op, concurrency ${String(concurrency).padStart(2)}: ops/s (median of ${MIX_ROUNDS} samples of ${MIX_OPS}) with one replica ${fixed(replica.opsPerSecond, 0)} (${replica.range}), without ${fixed(none.opsPerSecond, 0)} (${none.range}); with/without ${fixed(ratio, 3)}; p99 ${fixed(replica.p99, 0)} / ${fixed(none.p99, 0)} us; clean reads on the replica ${pct(onReplica, mixReads.length)} (${reasons(mixReads)})`,
    );
  }
  console.log(
    `replicas: stale reads userbridge ${stale.userbridge} (carried: ${stale.carried}) vs extension ${stale.extension} of ${SEQUENCES}; clean reads on the replica ${pct(cleanOnReplica, clean.length)}; carry() p50 ${fixed(carry.p50, 0)} us; replica/primary read p50 ${fixed(reads.routed.p50 / reads.primary.p50, 3)}; mix with/without a replica ${mixRatios.join(", ")}; total ${fixed((performance.now() - started) / 1000)} s`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await bench.close();
}

function summary(samples: number[]): Latencies {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples };
}

/**
 * Statements each update sends the shared primary, from a client with a replica and one without, counted by a
 * proxy in front of the primary (statement-counter.ts); then the replica set's background position polls, per
 * idle second, on the primary and on the replica (a second proxy).
 */
async function statementsPerWrite(
  urls: Urls,
  idOf: (i: number) => string,
): Promise<{ withReplicas: number; without: number; pollsPerSecond: number; replicaPollsPerSecond: number }> {
  const primaryProxy = await statementCounter(urls.shared.primary);
  const standbyProxy = await statementCounter(urls.shared.standby);
  const proxied: Urls = { ...urls, shared: { primary: primaryProxy.url, standby: standbyProxy.url } };
  const clients = {
    withReplicas: await userbridgeDb(proxied, { withReplicas: true }),
    without: await userbridgeDb(proxied, { withReplicas: false }),
  };
  const isPoll = (sql: string) => /pg_current_wal|pg_last_wal/.test(sql);
  const n = 200;
  try {
    const result = { withReplicas: 0, without: 0, pollsPerSecond: 0, replicaPollsPerSecond: 0 };
    for (const side of ["withReplicas", "without"] as const) {
      const client = clients[side];
      await request(() => client.user.update({ where: { id: idOf(0) }, data: { name: "connect" } }));
      primaryProxy.clear();
      for (let i = 0; i < n; i++)
        await request(() => client.user.update({ where: { id: idOf(i) }, data: { name: `s-${i}` } }));
      result[side] = primaryProxy.statements.filter((sql) => !isPoll(sql)).length / n;
    }
    primaryProxy.clear();
    standbyProxy.clear();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    result.pollsPerSecond = primaryProxy.statements.filter(isPoll).length;
    result.replicaPollsPerSecond = standbyProxy.statements.filter(isPoll).length;
    return result;
  } finally {
    await Promise.all([clients.withReplicas.$disconnect(), clients.without.$disconnect()]);
    await Promise.all([primaryProxy.close(), standbyProxy.close()]);
  }
}
