// The demo's data directory: one owner at a time (the owner also owns the embedded server on it, and
// stops one a killed owner left running), and `--reset` to start fresh.
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isRunningProgram } from "@userbridge/embedded";
import { SERVER_ENTRIES } from "./demo-server.js";

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * What `pnpm demo` keeps in its data directory: the embedded server's files and the generated session
 * password; `identity`, `old` and `new` are the PGlite databases of earlier versions.
 */
const DEMO_ENTRIES = [...SERVER_ENTRIES, "session-password", "identity", "old", "new"];

/**
 * Deletes the demo's databases and session password (take the lock first), and nothing else: the
 * directory may be one the user named with --data-dir, holding other files.
 */
export async function resetDataDir(dataDir: string): Promise<void> {
  await Promise.all(DEMO_ENTRIES.map((entry) => rm(join(dataDir, entry), { recursive: true, force: true })));
  const left = await readdir(dataDir).catch(() => undefined);
  if (left?.length === 0) await rmdir(dataDir);
}

/**
 * Takes the data directory for this process, or throws naming the live process that holds it.
 * A lock left by a process that no longer runs is taken over. The lock file sits beside the
 * directory (`<dataDir>.pid`) so a reset can delete the directory while holding it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dirname(dataDir), { recursive: true });
  const file = join(dirname(dataDir), `${basename(dataDir)}.pid`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: "wx" });
      return {
        release: async () => {
          if ((await readPid(file)) === process.pid) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readPid(file);
      if (holder !== undefined && isRunning(holder)) {
        throw new Error(
          `userbridge: another \`pnpm demo\` (pid ${holder}) is using ${dataDir}. Stop it first (Ctrl-C in its terminal); ` +
            `if no demo runs, delete the stale lock ${file}.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`userbridge: could not lock ${dataDir}: ${file} keeps reappearing`);
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** After a crash or a reboot the pid in a stale lock may belong to an unrelated process: trust node only. */
function isRunning(pid: number): boolean {
  return isRunningProgram(pid, ["node"]);
}
