// The "system" engine: an installed PostgreSQL's initdb for the primary, and pg_basebackup -R of the running
// primary for the standby (standby.signal, primary_conninfo and primary_slot_name written by pg_basebackup).
import { appendFile, chown, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { freePort, runAs, type ServerUser, serverUser } from "@userbridge/embedded";
import { PAIR_SETTINGS, STANDBY_APPLICATION_NAME, STANDBY_SLOT, standbyAutoConf } from "./pair-settings.ts";
import type { RunningServer } from "./running-server.ts";
import { initdbArgs, startSystemServer } from "./system-server.ts";

export interface PairServers {
  primary: RunningServer;
  standby: RunningServer;
  /** Milliseconds from "build the standby" to "it accepts connections". */
  standbyStartMs: number;
}

async function ownedDir(dir: string, user: ServerUser): Promise<void> {
  await mkdir(dir, { mode: 0o700 });
  if (user.uid !== undefined && user.gid !== undefined) await chown(dir, user.uid, user.gid);
}

export async function startSystemPair(
  binDir: string,
  runDir: string,
  replayDelayMs: number,
  settings: Readonly<Record<string, string>>,
  started: (server: RunningServer) => void,
): Promise<PairServers> {
  const user = await serverUser();
  const all = { ...PAIR_SETTINGS, ...settings };
  const primaryDir = join(runDir, "primary");
  await ownedDir(primaryDir, user);
  await runAs(join(binDir, "initdb"), initdbArgs(primaryDir), user);
  const primary = await startSystemServer({
    name: "primary",
    binDir,
    dataDir: primaryDir,
    port: await freePort(),
    user,
    settings: all,
  });
  started(primary);

  const since = performance.now();
  const standbyDir = join(runDir, "standby");
  await ownedDir(standbyDir, user);
  const conninfo = `host=127.0.0.1 port=${primary.port} user=postgres application_name=${STANDBY_APPLICATION_NAME}`;
  // -c fast: no wait for a spread checkpoint; -C -S: create the slot; -X stream: the WAL during the copy.
  const backup = ["-D", standbyDir, "-d", conninfo, "-R", "-C", "-S", STANDBY_SLOT, "-X", "stream"];
  await runAs(join(binDir, "pg_basebackup"), [...backup, "-c", "fast", "--no-sync"], user);
  await appendFile(join(standbyDir, "postgresql.auto.conf"), standbyAutoConf(replayDelayMs));
  const standby = await startSystemServer({
    name: "standby",
    binDir,
    dataDir: standbyDir,
    port: await freePort(),
    user,
    settings: all,
  });
  started(standby);
  return { primary, standby, standbyStartMs: performance.now() - since };
}
