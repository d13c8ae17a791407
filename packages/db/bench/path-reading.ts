// (e) Reading a request path, as every adapter does before routing: a normal path against 16 KB hostile
// ones (the old trailing-dot trim was quadratic: 97 ms for 16,000 dots).
import { readRequestPath } from "@userbridge/router";
import { median } from "./stats.js";

const HOSTILE = {
  "16 KB of dots": `/admin/x${".".repeat(16_000)}x`,
  "16 KB of slashes": `/admin${"/".repeat(16_000)}x`,
  "16 KB of %2e": `/admin/x${"%2e".repeat(5_333)}x`,
  "16 KB of spaces": `/admin/x${"%20".repeat(5_333)}x`,
};

/** Microseconds per reading of `path`. */
function usPerReading(path: string, readings = 2_000): number {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < readings; i++) readRequestPath(path);
    samples.push(Number(process.hrtime.bigint() - started) / readings / 1_000);
  }
  return median(samples);
}

export function benchPathReading(): { normal: number; normal16k: number; hostile: Record<string, number> } {
  return {
    normal: usPerReading("/admin/users/42?tab=sessions"),
    normal16k: usPerReading(`/blog/${"a".repeat(16_000)}`, 200),
    hostile: Object.fromEntries(
      Object.entries(HOSTILE).map(([name, path]) => [name, usPerReading(path, 200)]),
    ),
  };
}
