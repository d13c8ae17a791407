// The postmaster a data directory's postmaster.pid names: a process killed with SIGKILL (or a closed
// laptop lid, or a crashed test run) leaves its server running, holding the directory and the port.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isRunningProgram, waitForExit } from "./processes.js";

/** The pid of the live postmaster of `dataDir`, or undefined (none, or the pid file is stale). */
export async function livePostmaster(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(text.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return isRunningProgram(pid, ["postgres", dataDir]) ? pid : undefined;
}

/**
 * Stops a postmaster: fast shutdown (SIGINT: sessions end, data is written), then immediate shutdown
 * (SIGQUIT) and SIGKILL if it does not go within `timeoutMs`. Resolves when it has exited.
 */
export async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<void> {
  for (const [signal, wait] of [
    ["SIGINT", timeoutMs],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone already
    }
    if (await waitForExit(pid, wait)) return;
  }
  throw new Error(`userbridge: PostgreSQL (pid ${pid}) did not exit, even after SIGKILL`);
}

/** Stops the server a killed process left running on `dataDir`; says whether there was one. */
export async function stopLeftoverPostmaster(dataDir: string): Promise<boolean> {
  const pid = await livePostmaster(dataDir);
  if (pid === undefined) return false;
  await stopPostmaster(pid);
  return true;
}
