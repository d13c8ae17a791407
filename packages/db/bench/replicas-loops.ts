// The loops of `pnpm bench:replicas`: calls interleaved one by one, and a concurrent mix.
import { percentile } from "./stats.js";

export interface Latencies {
  readonly p50: number;
  readonly p99: number;
  readonly samples: readonly number[];
}

const summarize = (samples: number[]): Latencies => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  samples,
});

/** A small seeded generator (mulberry32): the same orders every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every call once per round, in an order shuffled every round, so that none always runs first, last, or
 * right after the same other call (a rotation keeps each call's predecessor: two identical calls then
 * differed by 10% at p50, one always running right after raw pg);
 * latencies in µs, the first `warmup` rounds dropped.
 */
export async function interleave<Name extends string>(
  calls: Record<Name, (i: number) => Promise<unknown>>,
  rounds: number,
  warmup = Math.min(300, Math.ceil(rounds / 10)),
): Promise<Record<Name, Latencies>> {
  const names = Object.keys(calls) as Name[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  const next = random(0x5eed);
  const order = [...names];
  for (let i = 0; i < warmup + rounds; i++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(next() * (k + 1));
      [order[k], order[j]] = [order[j] as Name, order[k] as Name];
    }
    for (const name of order) {
      const started = performance.now();
      await calls[name](i);
      if (i >= warmup) samples[name].push((performance.now() - started) * 1000);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<Name, Latencies>;
}

/** `total` calls over `concurrency` workers: ops/s and the p99 latency (µs). */
export async function concurrent(
  call: (i: number) => Promise<unknown>,
  concurrency: number,
  total: number,
): Promise<{ opsPerSecond: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push((performance.now() - t) * 1000);
      }
    }),
  );
  return { opsPerSecond: total / ((performance.now() - started) / 1000), p99: percentile(latencies, 99) };
}

/** Polls `check` every 10 ms until it is true; throws `message` after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  message: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
