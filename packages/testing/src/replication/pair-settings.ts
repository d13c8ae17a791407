// Server settings of a replicated pair. Disposable and fast, like the harness's servers (fsync off), but
// synchronous_commit stays ON: with it off a COMMIT returns before its WAL is written, so
// pg_current_wal_lsn() read right after it can be BEFORE the commit record, and a read-your-writes token
// taken that way would let a standby that has not replayed the commit count as caught up.

/** Both servers (`-c` on the command line: fixed for the server's life). */
export const PAIR_SETTINGS: Readonly<Record<string, string>> = {
  fsync: "off",
  full_page_writes: "off",
  max_connections: "100",
  wal_level: "replica",
  max_wal_senders: "5",
  max_replication_slots: "5",
  hot_standby: "on",
  // Standby queries are not cancelled by the primary's vacuum ("conflict with recovery").
  hot_standby_feedback: "on",
  // The standby reports its positions every second (default 10 s): pg_stat_replication on the primary is fresh.
  wal_receiver_status_interval: "1s",
};

/** The physical replication slot the standby streams from: the primary keeps the WAL while it is down. */
export const STANDBY_SLOT = "ub_standby";
/** The standby's application_name in pg_stat_replication. */
export const STANDBY_APPLICATION_NAME = "ub_standby";

/**
 * Lines for the standby's postgresql.auto.conf. Not `-c`: a command-line setting overrides ALTER SYSTEM, and
 * setReplayDelay() changes recovery_min_apply_delay with ALTER SYSTEM + pg_reload_conf().
 */
export function standbyAutoConf(replayDelayMs: number, primaryConninfo?: string): string {
  const lines = [`recovery_min_apply_delay = '${Math.round(replayDelayMs)}ms'`];
  if (primaryConninfo !== undefined) {
    lines.push(
      `primary_conninfo = '${primaryConninfo.replaceAll("'", "''")}'`,
      `primary_slot_name = '${STANDBY_SLOT}'`,
    );
  }
  return `${lines.join("\n")}\n`;
}
