// `pnpm bench:router`: the routing layer's cost, in layers, measured side by side in one run.
// Not a test: numbers depend on the machine. Pin to one core for steadier figures:
//   taskset -c 1 pnpm bench:router

import { benchAlsTax } from "./als-tax.js";
import { createBenchDatabases } from "./databases.js";
import { benchDispatch } from "./dispatch.js";
import { benchConcurrency, benchFindUnique, withClients } from "./find-unique.js";
import { benchPathReading } from "./path-reading.js";
import { fixed } from "./stats.js";

const dispatch = await benchDispatch();
console.log(
  `(a) dispatch on an in-memory client: direct ${fixed(dispatch.direct)} ns, routed ${fixed(dispatch.routed)} ns -> overhead ${fixed(dispatch.overhead)} ns/call (goal <= 50)`,
);

const paths = benchPathReading();
const hostile = Object.entries(paths.hostile).map(([name, us]) => `${name} ${fixed(us)} us`);
console.log(
  `(e) reading a request path: normal ${fixed(paths.normal, 2)} us, 16 KB of letters ${fixed(paths.normal16k)} us; hostile: ${hostile.join(", ")}; worst hostile / 16 KB of letters ${fixed(Math.max(...Object.values(paths.hostile)) / paths.normal16k, 2)}`,
);

const databases = await createBenchDatabases();
try {
  const findUnique = await withClients(databases, async (calls) => {
    const single = await benchFindUnique(calls);
    console.log(
      `(b) findUnique by id: raw p50 ${fixed(single.raw.p50)} us p99 ${fixed(single.raw.p99)} us; routed p50 ${fixed(single.routed.p50)} us p99 ${fixed(single.routed.p99)} us; routed/raw ${fixed(single.ratio, 3)} (goal <= 1.02)`,
    );
    for (const row of await benchConcurrency(calls)) {
      console.log(
        `(d) concurrency ${String(row.concurrency).padStart(2)} (pool 10): ops/s raw ${fixed(row.raw.opsPerSecond, 0)}, raw in a store ${fixed(row.store.opsPerSecond, 0)}, routed ${fixed(row.routed.opsPerSecond, 0)}; p99 ${fixed(row.raw.p99)} / ${fixed(row.store.p99)} / ${fixed(row.routed.p99)} us; routed/raw ${fixed(row.routedToRaw, 3)} (goal >= 0.98), routed/store ${fixed(row.routedToStore, 3)} (the facade alone)`,
      );
    }
    return single;
  });
  for (const row of benchAlsTax(databases.sharedUrl)) {
    console.log(
      `(c) AsyncLocalStorage tax on ${row.node}: raw findUnique p50 ${fixed(row.none)} us without a store, ${fixed(row.store)} us entering one per request (+${fixed(row.tax * 100)}%)`,
    );
  }
  console.log(
    `router overhead: ${fixed(dispatch.overhead)} ns/call; findUnique routed/raw: ${fixed(findUnique.ratio, 3)}`,
  );
} finally {
  await databases.drop();
}
