// WAL positions (LSNs, `X/Y` in hex) on a primary and a standby:
//   pg_current_wal_lsn()      primary: how far the WAL is WRITTEN (after a synchronous COMMIT returns, at
//                             least the end of its commit record). On a standby it raises "recovery is in
//                             progress" (SQLSTATE 55000).
//   pg_current_wal_insert_lsn() primary: how far it is inserted (>= the written position).
//   pg_last_wal_receive_lsn() standby: how far it has received and flushed the primary's WAL.
//   pg_last_wal_replay_lsn()  standby: the end of the last record replayed; a session sees every commit up
//                             to it. NULL on a primary (never in recovery).
// A standby has replayed a write once pg_last_wal_replay_lsn() >= the primary's pg_current_wal_lsn() read
// after the write committed.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/** An LSN as a number, for comparing in JavaScript: `16/B374D848` -> 0x16_B374D848n. */
export function lsnToBigInt(lsn: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn);
  if (!match) throw new Error(`userbridge: not an LSN: ${lsn}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareLsn(a: string, b: string): number {
  const difference = lsnToBigInt(a) - lsnToBigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

async function one<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query(sql, params);
    return rows[0]?.value as T;
  } finally {
    await client.end();
  }
}

/** The primary's pg_current_wal_lsn(). */
export function currentWalLsn(primaryUrl: string): Promise<string> {
  return one(primaryUrl, "SELECT pg_current_wal_lsn()::text AS value");
}

/** The standby's pg_last_wal_replay_lsn() (null on a primary). */
export function lastReplayLsn(standbyUrl: string): Promise<string | null> {
  return one(standbyUrl, "SELECT pg_last_wal_replay_lsn()::text AS value");
}

/**
 * Resolves once the standby has replayed up to `lsn` (polling every 10 ms); rejects after `timeoutMs`,
 * saying whether replay is paused. Connection failures (a standby restarting) are retried until then.
 */
export async function waitForReplayOf(standbyUrl: string, lsn: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = "not reached";
  while (performance.now() < deadline) {
    const client = new pg.Client({ connectionString: standbyUrl, connectionTimeoutMillis: 2_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      while (performance.now() < deadline) {
        const { rows } = await client.query<{ done: boolean; replayed: string | null; paused: boolean }>(
          "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS replayed, pg_is_wal_replay_paused() AS paused",
          [lsn],
        );
        const row = rows[0];
        if (row?.done) return;
        last = `replayed ${row?.replayed ?? "null (not a standby?)"}${row?.paused ? ", replay is paused" : ""}`;
        await sleep(10);
      }
    } catch (error) {
      last = (error as Error).message;
      await sleep(50);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`userbridge: the standby did not replay up to ${lsn} within ${timeoutMs} ms (${last})`);
}
