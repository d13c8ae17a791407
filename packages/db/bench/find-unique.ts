// (b) findUnique by primary key through the facade (inside runWithRouting) vs the raw client, and
// (d) a concurrency sweep, routed vs raw: same process, same database, alternating.

import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { PrismaClient as SharedClient } from "@userbridge/clients/shared";
import { createRoutedClient, type DatabaseRouter, runWithRouting } from "@userbridge/router";
import { identityRouter } from "../src/identity-router.js";
import { createPrismaClient } from "../src/prisma-client.js";
import { median, percentile } from "./stats.js";

type FindUnique = (id: string) => Promise<unknown>;

export async function withClients<T>(
  urls: { sharedUrl: string; appUrl: string },
  fn: (calls: { raw: FindUnique; routed: FindUnique; ids: string[] }) => Promise<T>,
): Promise<T> {
  const pool = { max: 10, connectionTimeoutMillis: 10_000 };
  const shared = createPrismaClient(SharedClient, urls.sharedUrl, pool);
  const app = createPrismaClient(AppClient, urls.appUrl, pool);
  // As createDb routes (the identity router), over the same raw client the baseline calls.
  const db = createRoutedClient({
    clients: { shared, app },
    defaultClient: "app",
    modelClients: { user: "shared" },
    routers: [identityRouter() as DatabaseRouter<"shared" | "app">],
  });
  try {
    await shared.user.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({ email: `bench${i}@example.test` })),
    });
    const ids = (await shared.user.findMany({ select: { id: true } })).map((user) => user.id);
    const raw: FindUnique = (id) => shared.user.findUnique({ where: { id } });
    // One store entry per request, as the middleware does; the call inside reads it.
    const routed: FindUnique = (id) =>
      runWithRouting({ admin: false }, () => db.user.findUnique({ where: { id } }));
    return await fn({ raw, routed, ids });
  } finally {
    await db.$disconnect();
  }
}

/**
 * Raw and routed calls interleaved one by one (the order swapped every call), with rotating ids,
 * so both sides see the same machine noise. Latencies in µs; the first `warmup` pairs are dropped.
 */
export async function benchFindUnique(
  calls: { raw: FindUnique; routed: FindUnique; ids: string[] },
  count = 6000,
) {
  const warmup = 500;
  const raw: number[] = [];
  const routed: number[] = [];
  const time = async (call: FindUnique, id: string, into: number[], keep: boolean) => {
    const started = performance.now();
    await call(id);
    if (keep) into.push((performance.now() - started) * 1000);
  };
  for (let i = 0; i < count + warmup; i++) {
    const id = calls.ids[i % calls.ids.length] as string;
    const keep = i >= warmup;
    if (i % 2 === 0) {
      await time(calls.raw, id, raw, keep);
      await time(calls.routed, id, routed, keep);
    } else {
      await time(calls.routed, id, routed, keep);
      await time(calls.raw, id, raw, keep);
    }
  }
  return {
    raw: { p50: median(raw), p99: percentile(raw, 99) },
    routed: { p50: median(routed), p99: percentile(routed, 99) },
    ratio: median(routed) / median(raw),
  };
}

/** ops/s and p99 (µs) of `total` calls spread over `concurrency` workers. */
async function concurrent(call: FindUnique, ids: string[], concurrency: number, total: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const id = ids[next++ % ids.length] as string;
        const t = performance.now();
        await call(id);
        latencies.push((performance.now() - t) * 1000);
      }
    }),
  );
  return { opsPerSecond: total / ((performance.now() - started) / 1000), p99: percentile(latencies, 99) };
}

const SWEEP_ROUNDS = 9;

/**
 * ops/s and p99 at each concurrency for three variants, their order rotated every round: raw, raw
 * inside a per-request AsyncLocalStorage store (the context's own tax), and routed (store + facade).
 */
export async function benchConcurrency(calls: { raw: FindUnique; routed: FindUnique; ids: string[] }) {
  const rawInStore: FindUnique = (id) => runWithRouting({ admin: false }, () => calls.raw(id));
  const variants = [
    ["raw", calls.raw],
    ["store", rawInStore],
    ["routed", calls.routed],
  ] as const;
  const rows = [];
  for (const concurrency of [1, 4, 16, 64]) {
    const samples = { raw: [], store: [], routed: [] } as Record<
      (typeof variants)[number][0],
      { opsPerSecond: number; p99: number }[]
    >;
    for (let round = -1; round < SWEEP_ROUNDS; round++) {
      for (let k = 0; k < variants.length; k++) {
        const [name, call] = variants[(round + 1 + k) % variants.length] as (typeof variants)[number];
        const sample = await concurrent(call, calls.ids, concurrency, 2000);
        if (round >= 0) samples[name].push(sample); // round -1 is the warm-up
      }
    }
    const summary = (name: keyof typeof samples) => ({
      opsPerSecond: median(samples[name].map((s) => s.opsPerSecond)),
      p99: median(samples[name].map((s) => s.p99)),
    });
    const raw = summary("raw");
    const store = summary("store");
    const routed = summary("routed");
    rows.push({
      concurrency,
      raw,
      store,
      routed,
      routedToRaw: routed.opsPerSecond / raw.opsPerSecond,
      routedToStore: routed.opsPerSecond / store.opsPerSecond,
    });
  }
  return rows;
}
