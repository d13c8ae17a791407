// Small statistics for side-by-side benchmarks: medians and p99 of samples.

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** Runs `a` and `b` alternately, `rounds` times each (a warm-up round of each first, discarded). */
export async function alternate<T>(
  rounds: number,
  a: () => Promise<T> | T,
  b: () => Promise<T> | T,
): Promise<{ a: T[]; b: T[] }> {
  await a();
  await b();
  const result = { a: [] as T[], b: [] as T[] };
  for (let round = 0; round < rounds; round++) {
    // Swap the order every round so neither side always runs second (warmer caches, GC debt).
    if (round % 2 === 0) {
      result.a.push(await a());
      result.b.push(await b());
    } else {
      result.b.push(await b());
      result.a.push(await a());
    }
  }
  return result;
}
