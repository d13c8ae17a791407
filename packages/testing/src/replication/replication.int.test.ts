// Real streaming replication for read-replica routing (#12): a standby that lags by recovery_min_apply_delay,
// WAL positions that tell when a write has been replayed, and a standby that pauses, stops and comes back.
import { existsSync } from "node:fs";
import { livePostmaster } from "@userbridge/embedded";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeKilledRuns } from "../harness/run-dirs.ts";
import { query, tables } from "../sql.ts";
import { chooseReplicationEngine, type ReplicationEngineName } from "./engine.ts";
import { runThenKill } from "./killed-child.ts";
import { type ReplicatedPair, startReplicatedPair } from "./replicated-pair.ts";
import { compareLsn } from "./wal-positions.ts";

const DELAY_MS = 400;
const value = async (url: string) => (await query<{ v: string }>(url, "SELECT v FROM kv WHERE k = 1"))[0]?.v;
const sqlstate = (promise: Promise<unknown>) =>
  promise.then(
    () => "no error",
    (error: { code?: string }) => error.code,
  );

/** Writes `v` on the primary; resolves with the primary's pg_current_wal_lsn() after the commit and when it was made. */
async function write(pair: ReplicatedPair, v: string): Promise<{ lsn: string; at: number }> {
  const at = performance.now();
  await query(pair.primaryUrl("lag"), `UPDATE kv SET v = '${v}' WHERE k = 1`);
  return { lsn: await pair.primaryLsn(), at };
}

describe(`a primary and a streaming standby (${chooseReplicationEngine().name} engine)`, () => {
  let pair: ReplicatedPair;
  beforeAll(async () => {
    pair = await startReplicatedPair({ replayDelayMs: DELAY_MS });
    await pair.createDatabase("lag");
    await query(
      pair.primaryUrl("lag"),
      "CREATE TABLE kv (k int PRIMARY KEY, v text); INSERT INTO kv VALUES (1, 'old')",
    );
    await pair.waitForReplay();
  });
  afterAll(() => pair?.close());

  it("shows the old value at once and the new one after the replay delay, by WAL position", async () => {
    expect(await value(pair.standbyUrl("lag"))).toBe("old");
    const { lsn, at } = await write(pair, "new");
    expect(await value(pair.standbyUrl("lag"))).toBe("old");
    // The UPDATE's heap record is replayed at once; only its COMMIT record waits for the delay.
    const before = (await pair.replayLsn()) as string;
    expect(compareLsn(before, lsn)).toBeLessThan(0);

    await pair.waitForReplay(lsn);
    const lag = performance.now() - at;
    expect(await value(pair.standbyUrl("lag"))).toBe("new");
    expect(compareLsn((await pair.replayLsn()) as string, lsn)).toBeGreaterThanOrEqual(0);
    console.log(
      `userbridge: replication lag observed with recovery_min_apply_delay=${DELAY_MS}ms: ${Math.round(lag)} ms`,
    );
    expect(lag).toBeGreaterThanOrEqual(DELAY_MS - 10);
    expect(lag).toBeLessThan(DELAY_MS + 3_000);
  });

  it("answers the WAL functions as each role does", async () => {
    const [primary] = await query<Record<string, unknown>>(
      pair.primaryUrl("lag"),
      "SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn() AS replay, pg_last_wal_receive_lsn() AS receive",
    );
    expect(primary).toEqual({ recovery: false, replay: null, receive: null });
    const [standby] = await query<Record<string, unknown>>(
      pair.standbyUrl("lag"),
      "SELECT pg_is_in_recovery() AS recovery, pg_last_wal_receive_lsn() >= pg_last_wal_replay_lsn() AS received_first",
    );
    expect(standby).toEqual({ recovery: true, received_first: true });
    // 55000: "recovery is in progress" (WAL control functions cannot run on a standby); 25006: read-only.
    expect(await sqlstate(query(pair.standbyUrl("lag"), "SELECT pg_current_wal_lsn()"))).toBe("55000");
    expect(await sqlstate(query(pair.standbyUrl("lag"), "UPDATE kv SET v = 'x'"))).toBe("25006");
    const [sender] = await query<{ application_name: string; state: string }>(
      pair.primaryUrl("postgres"),
      "SELECT application_name, state FROM pg_stat_replication",
    );
    expect(sender).toEqual({ application_name: "ub_standby", state: "streaming" });
  });

  it("changes the replay delay at run time", async () => {
    await pair.setReplayDelay(0);
    try {
      const { lsn, at } = await write(pair, "undelayed");
      await pair.waitForReplay(lsn);
      expect(performance.now() - at).toBeLessThan(DELAY_MS);
    } finally {
      await pair.setReplayDelay(DELAY_MS);
    }
    const [row] = await query<{ delay: string }>(
      pair.standbyUrl("lag"),
      "SELECT current_setting('recovery_min_apply_delay') AS delay",
    );
    expect(row?.delay).toBe("400ms");
    await write(pair, "delayed");
    expect(await value(pair.standbyUrl("lag"))).toBe("undelayed");
    await pair.waitForReplay();
  });

  it("falls behind while replay is paused, receiving but not replaying, and catches up on resume", async () => {
    await pair.pauseReplay();
    try {
      const { lsn } = await write(pair, "while-paused");
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS * 2));
      expect(await value(pair.standbyUrl("lag"))).toBe("delayed");
      const [state] = await query<{ paused: boolean; received: boolean }>(
        pair.standbyUrl("lag"),
        `SELECT pg_is_wal_replay_paused() AS paused, pg_last_wal_receive_lsn() >= '${lsn}' AS received`,
      );
      expect(state).toEqual({ paused: true, received: true });
      await expect(pair.waitForReplay(lsn, 200)).rejects.toThrow(/replay is paused/);
    } finally {
      await pair.resumeReplay();
    }
    await pair.waitForReplay();
    expect(await value(pair.standbyUrl("lag"))).toBe("while-paused");
  });

  it("goes down and comes back on the same URL, then replays what it missed", async () => {
    await pair.stopStandby();
    await expect(query(pair.standbyUrl("lag"), "SELECT 1")).rejects.toThrow();
    const { lsn } = await write(pair, "while-down");
    const since = performance.now();
    await pair.startStandby();
    console.log(`userbridge: standby restarted in ${Math.round(performance.now() - since)} ms`);
    await pair.waitForReplay(lsn);
    expect(await value(pair.standbyUrl("lag"))).toBe("while-down");
  });

  it("replicates a database migrated with a Prisma schema", async () => {
    await pair.createDatabase("migrated", { schema: "app" });
    const onStandby = await tables(pair.standbyUrl("migrated"));
    expect(onStandby).toContain("_prisma_migrations");
    expect(onStandby).toEqual(await tables(pair.primaryUrl("migrated")));
  }, 120_000);

  it("leaves nothing running or on disk after close()", async () => {
    const other = await startReplicatedPair({ log: false });
    const dirs = [other.primary.dataDir, other.standby.dataDir];
    await other.close();
    for (const dir of dirs) {
      expect(await livePostmaster(dir)).toBeUndefined();
      expect(existsSync(dir)).toBe(false);
    }
  });
});

// The fallback engine, when the system one ran above (not a skip when there is none: CI counts skips).
const otherEngine: ReplicationEngineName | undefined =
  chooseReplicationEngine().name === "system" ? "embedded" : undefined;

if (otherEngine)
  describe("the embedded engine too (a standby from a cold copy of the primary)", () => {
    it("lags by the replay delay and catches up", async () => {
      const pair = await startReplicatedPair({ replayDelayMs: DELAY_MS, engine: "embedded" });
      try {
        await pair.createDatabase("lag");
        await query(
          pair.primaryUrl("lag"),
          "CREATE TABLE kv (k int PRIMARY KEY, v text); INSERT INTO kv VALUES (1, 'old')",
        );
        await pair.waitForReplay();
        const { lsn } = await write(pair, "new");
        expect(await value(pair.standbyUrl("lag"))).toBe("old");
        await pair.waitForReplay(lsn);
        expect(await value(pair.standbyUrl("lag"))).toBe("new");
        await pair.stopStandby();
        await pair.startStandby();
        expect(await value(pair.standbyUrl("lag"))).toBe("new");
      } finally {
        await pair.close();
      }
    });
  });

describe("a killed run's pair", () => {
  it("is stopped and deleted by the next run", async () => {
    const module = JSON.stringify(new URL("./replicated-pair.ts", import.meta.url).pathname);
    const { primaryDir, standbyDir } = await runThenKill<{ primaryDir: string; standbyDir: string }>(`
      import { startReplicatedPair } from ${module};
      const pair = await startReplicatedPair({ log: false });
      console.log(JSON.stringify({ primaryDir: pair.primary.dataDir, standbyDir: pair.standby.dataDir }));
      setInterval(() => {}, 1000);`);
    const orphans = await Promise.all([livePostmaster(primaryDir), livePostmaster(standbyDir)]);
    expect(orphans.every((pid) => pid !== undefined)).toBe(true);
    expect(await removeKilledRuns()).toBeGreaterThanOrEqual(1);
    for (const dir of [primaryDir, standbyDir]) {
      expect(await livePostmaster(dir)).toBeUndefined();
      expect(existsSync(dir)).toBe(false);
    }
  }, 90_000);
});
