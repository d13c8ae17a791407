// `pnpm bench:replicas`: a real primary and a streaming standby replaying BENCH_REPLAY_DELAY_MS (400) behind,
// with a migrated shared and app database on both, and BENCH_USERS users (1000) in the shared one.
import { type ReplicatedPair, startReplicatedPair } from "@userbridge/testing/replication/replicated-pair";
import pg from "pg";

export interface BenchPair {
  readonly pair: ReplicatedPair;
  readonly replayDelayMs: number;
  readonly shared: { readonly primary: string; readonly standby: string };
  readonly app: { readonly primary: string; readonly standby: string };
  /** The seeded users' ids, in order. */
  readonly userIds: readonly string[];
  close(): Promise<void>;
}

export async function startBenchPair(replayDelayMs: number, users: number): Promise<BenchPair> {
  const pair = await startReplicatedPair({ replayDelayMs });
  try {
    await pair.createDatabase("ub_bench_shared", { schema: "shared" });
    await pair.createDatabase("ub_bench_app", { schema: "app" });
    const shared = {
      primary: pair.primaryUrl("ub_bench_shared"),
      standby: pair.standbyUrl("ub_bench_shared"),
    };
    const app = { primary: pair.primaryUrl("ub_bench_app"), standby: pair.standbyUrl("ub_bench_app") };
    const client = new pg.Client({ connectionString: shared.primary });
    await client.connect();
    let userIds: string[];
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "User" (id, email, name, "updatedAt")
         SELECT 'bench-user-' || lpad(i::text, 6, '0'), 'bench' || i || '@example.test', 'initial', now()
         FROM generate_series(1, $1) AS i
         RETURNING id`,
        [users],
      );
      userIds = rows.map((row) => row.id).sort();
    } finally {
      await client.end();
    }
    await pair.waitForReplay();
    return { pair, replayDelayMs, shared, app, userIds, close: () => pair.close() };
  } catch (error) {
    await pair.close();
    throw error;
  }
}
