// A postmaster of an installed PostgreSQL (the "system" engine), on 127.0.0.1 with trust authentication:
// started as its own process group, signalled if this process exits first (a killed run's is stopped by the
// next run: see run-dirs.ts), stopped with @userbridge/embedded's stopPostmaster. Every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  acceptsConnections,
  freePort,
  type ServerUser,
  stopOnExit,
  stopPostmaster,
} from "@userbridge/embedded";
import { type RunningServer, settingArgs } from "./running-server.ts";

export interface SystemServerOptions {
  readonly name: string;
  readonly binDir: string;
  /** An initialised data directory (initdb, or pg_basebackup for a standby). */
  readonly dataDir: string;
  /** Preferred port; another free one when it is taken at the first start. */
  readonly port: number;
  readonly user: ServerUser;
  readonly settings: Readonly<Record<string, string>>;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
}

/** `initdb` as `user`: trust authentication (pg_hba then lets 127.0.0.1 connect and replicate), C locale. */
export function initdbArgs(dataDir: string): string[] {
  return [
    `--pgdata=${dataDir}`,
    "--username=postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--no-locale",
    "--no-sync",
  ];
}

export async function startSystemServer(options: SystemServerOptions): Promise<RunningServer> {
  const { name, binDir, dataDir, user, settings, startTimeoutMs = 60_000 } = options;
  let port = options.port;
  let everStarted = false;
  const logFile = `${dataDir}.log`;
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    for (let attempt = 1; ; attempt++) {
      const log = await open(logFile, "a");
      const logStart = (await log.stat()).size;
      const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1"];
      args.push("-c", "unix_socket_directories=", ...settingArgs(settings));
      const started = spawn(join(binDir, "postgres"), args, {
        ...user,
        detached: true,
        stdio: ["ignore", log.fd, log.fd],
        env: { ...process.env, LC_MESSAGES: "C" },
      });
      await log.close();
      started.unref();
      stopOnExit(started, "SIGINT");
      const exited = new Promise<void>((resolve) => started.once("exit", () => resolve()));
      const deadline = performance.now() + startTimeoutMs;
      while (started.exitCode === null && started.signalCode === null) {
        if (await acceptsConnections(url("postgres"))) {
          child = started;
          return;
        }
        if (performance.now() > deadline) {
          started.kill("SIGKILL");
          throw new Error(
            `userbridge: the ${name} PostgreSQL server did not accept connections within ${startTimeoutMs / 1000} s (log: ${logFile})`,
          );
        }
        await Promise.race([sleep(25), exited]);
      }
      const output = (await readFile(logFile, "utf8")).slice(logStart);
      // A stopped postmaster's backends may hold its shared memory for a moment.
      if (attempt < 40 && /pre-existing shared memory block|lock file .* already exists/.test(output)) {
        await sleep(250);
        continue;
      }
      // Someone took the free port first: only the first start may move (a restart keeps the URL).
      if (attempt < 5 && !everStarted && /Address already in use/.test(output)) {
        port = await freePort();
        continue;
      }
      throw new Error(
        `userbridge: the ${name} PostgreSQL server exited while starting (log: ${logFile}):\n${output.trim().split("\n").slice(-12).join("\n")}`,
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
    url,
    start,
    stop: async () => {
      const postmaster = child;
      child = undefined;
      if (postmaster?.pid !== undefined && postmaster.exitCode === null) await stopPostmaster(postmaster.pid);
    },
  };
}
