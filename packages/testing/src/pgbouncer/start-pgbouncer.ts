// A PgBouncer in front of test databases, for pooled-connection tests (#12):
//   const bouncer = await startPgBouncer({ targets: { app: appUrl }, poolMode: "transaction" });
//   afterAll(() => bouncer.close());
//   bouncer.url("app")   // postgresql://<app's user>@127.0.0.1:<bouncer port>/app
// or in front of a whole server, for databases created later (the `*` entry):
//   const bouncer = await startPgBouncer({ fallback: serverAdminUrl("app") });
//   bouncer.url("ub_test_1234")   // that database on the server, through PgBouncer
// Transaction pooling hands a client a server connection for one transaction only: anything scoped to the
// session (LISTEN, SET, advisory locks, temporary tables, named prepared statements on PgBouncer < 1.21)
// does not stay with the client. Such work needs a direct URL to the server.
import { type ChildProcess, spawn } from "node:child_process";
import { chown, open, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { acceptsConnections, freePort, serverUser, stopOnExit } from "@userbridge/embedded";
import {
  findPgBouncer,
  PgBouncerMissingError,
  type PgBouncerVersion,
  pgBouncerVersion,
  supportsPreparedStatements,
} from "./pgbouncer-binary.ts";
import { type PoolMode, pgBouncerAuthFile, pgBouncerIni, targetUser } from "./pgbouncer-config.ts";
import {
  createPgBouncerDir,
  INI_FILE,
  PID_FILE,
  removeKilledPgBouncers,
  stopPgBouncerProcess,
} from "./pgbouncer-run-dirs.ts";

export interface PgBouncerOptions {
  /**
   * The databases behind PgBouncer: the name clients connect to -> the real database's postgresql:// URL.
   * PgBouncer logs in to the server with that URL's user and password. Names: letters, digits and _.
   */
  readonly targets?: Readonly<Record<string, string>>;
  /**
   * A server's postgresql:// URL (its database part is ignored): any database name that is not a target
   * goes to that database on this server, as this URL's user (PgBouncer's `*` entry). Databases created
   * after PgBouncer started are reachable without a reload. @default none
   */
  readonly fallback?: string;
  /** @default "transaction" */
  readonly poolMode?: PoolMode;
  /** Server connections per database (default_pool_size). @default 10 */
  readonly poolSize?: number;
  /**
   * Named prepared statements PgBouncer tracks per server connection (transaction mode), PgBouncer 1.21+.
   * Not written for older releases (Debian 12 has 1.18), which refuse the setting: there only unnamed
   * statements work in transaction mode, which is what Prisma's adapter-pg sends (unless it is given a
   * statementNameGenerator). @default 200 on 1.21+, else unset (asking for one there throws)
   */
  readonly maxPreparedStatements?: number;
  /**
   * Startup parameters PgBouncer accepts and DROPS instead of refusing the client ("unsupported startup
   * parameter"). node-pg sends statement_timeout, lock_timeout and idle_in_transaction_session_timeout as
   * startup parameters when they are configured (userbridge's DEFAULT_POOL sets statement_timeout). @default []
   */
  readonly ignoreStartupParameters?: readonly string[];
  /** More [pgbouncer] settings, written last. @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** @default 15_000 */
  readonly startTimeoutMs?: number;
}

export interface PgBouncer {
  readonly port: number;
  readonly version: PgBouncerVersion;
  /** The directory holding pgbouncer.ini, the auth file and the log. */
  readonly dir: string;
  readonly logFile: string;
  /**
   * URL of target `name` through PgBouncer: the target's user, no password (clients are trusted). With a
   * fallback, any other name is that database on the fallback server.
   */
  url(name: string): string;
  /** The admin console (database `pgbouncer`; simple queries only): SHOW POOLS, SHOW SERVERS, RECONNECT... */
  readonly adminUrl: string;
  /** Stops PgBouncer (its clients are disconnected) and deletes its directory. Idempotent. */
  close(): Promise<void>;
}

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const { targets = {}, fallback, poolMode = "transaction", poolSize = 10 } = options;
  const { ignoreStartupParameters = [] } = options;
  if (Object.keys(targets).length === 0 && fallback === undefined) {
    throw new Error("userbridge: startPgBouncer needs targets, a fallback server, or both");
  }
  const { settings = {}, startTimeoutMs = 15_000 } = options;
  const binary = findPgBouncer();
  if (!binary) throw new PgBouncerMissingError();
  const version = await pgBouncerVersion(binary);
  if (options.maxPreparedStatements && !supportsPreparedStatements(version)) {
    throw new Error(
      `userbridge: PgBouncer ${version.text} has no max_prepared_statements (1.21+): named prepared statements do not work in transaction mode there`,
    );
  }
  const maxPreparedStatements = supportsPreparedStatements(version)
    ? (options.maxPreparedStatements ?? 200)
    : undefined;
  await removeKilledPgBouncers();
  const dir = await createPgBouncerDir();
  const user = await serverUser();
  const logFile = join(dir, "pgbouncer.log");
  const authFile = join(dir, "users.txt");
  const iniFile = join(dir, INI_FILE);
  let child: ChildProcess | undefined;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        await stopPgBouncerProcess(child.pid);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return closed;
  };

  try {
    // PgBouncer writes its pid file here.
    if (user.uid !== undefined && user.gid !== undefined) await chown(dir, user.uid, user.gid);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const ini = pgBouncerIni({
        targets,
        fallback,
        port,
        poolMode,
        poolSize,
        maxPreparedStatements,
        ignoreStartupParameters,
        authFile,
        pidFile: join(dir, PID_FILE),
        settings,
      });
      // The ini holds the servers' passwords: readable by PgBouncer's user only.
      for (const [file, text] of [
        [iniFile, ini],
        [authFile, pgBouncerAuthFile(targets, fallback)],
      ] as const) {
        await writeFile(file, text, { mode: 0o600 });
        if (user.uid !== undefined && user.gid !== undefined) await chown(file, user.uid, user.gid);
      }
      const log = await open(logFile, "a");
      const logStart = (await log.stat()).size;
      const started = spawn(binary, [iniFile], {
        ...user,
        detached: true,
        stdio: ["ignore", log.fd, log.fd],
      });
      await log.close();
      started.unref();
      stopOnExit(started, "SIGTERM");
      const adminUrl = `postgresql://postgres@127.0.0.1:${port}/pgbouncer`;
      const deadline = performance.now() + startTimeoutMs;
      while (started.exitCode === null && started.signalCode === null && performance.now() < deadline) {
        if (await acceptsConnections(adminUrl, "SHOW VERSION")) {
          child = started;
          const url = (name: string) => {
            const target = Object.hasOwn(targets, name) ? targets[name] : fallback;
            if (target === undefined) throw new Error(`userbridge: PgBouncer has no target ${name}`);
            return `postgresql://${encodeURIComponent(targetUser(target))}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
          };
          return { port, version, dir, logFile, url, adminUrl, close };
        }
        await sleep(25);
      }
      started.kill("SIGKILL");
      const output = (await readFile(logFile, "utf8")).slice(logStart);
      if (attempt < 3 && /Address already in use/.test(output)) continue;
      throw new Error(`userbridge: PgBouncer did not start (log: ${logFile}):\n${output.trim()}`);
    }
  } catch (error) {
    await close();
    throw error;
  }
}
