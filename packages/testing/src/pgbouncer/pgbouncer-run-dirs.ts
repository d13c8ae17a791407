// Where PgBouncer instances keep their ini, auth file, pid file and log: one directory per instance under the
// system's temporary directory, named by the pid of the process that started it. A killed test process leaves
// its PgBouncer running: the next start stops it (its command line names the directory's ini) and deletes
// the directory.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRunningProgram, waitForExit } from "@userbridge/embedded";

const ROOT = join(tmpdir(), "userbridge-pgbouncer");
export const PID_FILE = "pgbouncer.pid";
export const INI_FILE = "pgbouncer.ini";

/** A new directory for one PgBouncer, readable by the `postgres` user when we are root. */
export async function createPgBouncerDir(): Promise<string> {
  await mkdir(ROOT, { recursive: true });
  await chmod(ROOT, 0o755).catch(() => undefined);
  const dir = join(ROOT, `${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { mode: 0o755 });
  return dir;
}

/** The live PgBouncer that `dir`'s pid file names, or undefined. */
export async function livePgBouncer(dir: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(join(dir, PID_FILE), "utf8").catch(() => ""), 10);
  return Number.isInteger(pid) && pid > 0 && isRunningProgram(pid, ["pgbouncer", join(dir, INI_FILE)])
    ? pid
    : undefined;
}

/** Stops a PgBouncer: SIGTERM (immediate shutdown), SIGKILL after 5 s. */
export async function stopPgBouncerProcess(pid: number): Promise<void> {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitForExit(pid, 5_000)) return;
  }
}

/** Stops the PgBouncers of processes that are gone and deletes their directories; returns how many. */
export async function removeKilledPgBouncers(): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(ROOT).catch(() => [] as string[])) {
    const owner = Number.parseInt(entry, 10);
    if (Number.isInteger(owner) && owner > 0 && isRunningProgram(owner, ["node"])) continue;
    const dir = join(ROOT, entry);
    const pid = await livePgBouncer(dir);
    if (pid !== undefined) await stopPgBouncerProcess(pid);
    await rm(dir, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
