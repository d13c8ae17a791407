// Where embedded test servers keep their data: one directory per run under the system's temporary
// directory, named by the pid of the run's process. A run that was killed (SIGKILL, a closed terminal)
// leaves its directory, and maybe its servers, behind: the next run stops those and deletes it.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRunningProgram, stopLeftoverPostmaster } from "@userbridge/embedded";

const ROOT = join(tmpdir(), "userbridge-test-servers");

/** A new directory for this run's servers, reachable by the `postgres` user when we are root. */
export async function createRunDir(): Promise<string> {
  await mkdir(ROOT, { recursive: true });
  await chmod(ROOT, 0o755).catch(() => undefined); // another user's root: keep theirs
  const dir = join(ROOT, `${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { mode: 0o755 });
  return dir;
}

/** Stops the servers of runs whose process is gone and deletes their directories; returns how many. */
export async function removeKilledRuns(): Promise<number> {
  const entries = await readdir(ROOT).catch(() => [] as string[]);
  let removed = 0;
  for (const entry of entries) {
    const pid = Number.parseInt(entry, 10);
    if (Number.isInteger(pid) && pid > 0 && isRunningProgram(pid, ["node"])) continue;
    const dir = join(ROOT, entry);
    const servers = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const server of servers) {
      if (server.isDirectory()) await stopLeftoverPostmaster(join(dir, server.name));
    }
    await rm(dir, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
