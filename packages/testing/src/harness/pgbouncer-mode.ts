// USERBRIDGE_TEST_PGBOUNCER=transaction: test databases are reached through PgBouncer in transaction pooling
// mode, as a pooled production deployment reaches them. Global setup starts one PgBouncer per server (one
// for both in TEST_DATABASE_URL mode) with a `*` entry, so every database created later is reachable by
// name without a reload; createTestDatabase() then hands out `url` through PgBouncer and `directUrl` to the
// server itself (for LISTEN, migrations, anything session-scoped). Creating and dropping databases, and
// templates, stay direct. The PgBouncers stop in teardown, on Ctrl-C (exitOnSignal: their `exit` hook), and
// a killed run's are stopped by the next run's global setup, whatever its mode (pgbouncer-run-dirs.ts).
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type PgBouncer, startPgBouncer } from "../pgbouncer/start-pgbouncer.ts";
import { databaseUrl, listDatabases } from "./admin.ts";
import type { PgBouncerInfo, ServerInfo, ServerName } from "./provided.ts";

export const PGBOUNCER_MODES = ["transaction"] as const;
export type PgBouncerMode = (typeof PGBOUNCER_MODES)[number];

/**
 * node-pg sends `statement_timeout` as a startup parameter when it is configured (createDb's DEFAULT_POOL
 * does), and PgBouncer refuses the connection on it ("unsupported startup parameter"). Told to ignore it,
 * PgBouncer drops it: the server-side timeout is then not applied (the client's query_timeout still is).
 */
export const IGNORED_STARTUP_PARAMETERS = ["statement_timeout"] as const;

/**
 * [pgbouncer] settings of the test PgBouncers. query_wait_timeout: a client whose transaction waits for a
 * server connection (the server is down, or every connection is busy) gets an error after 3 s, as a pool's
 * connectionTimeoutMillis bounds that wait on a direct connection (PgBouncer's default is 120 s; the
 * pools' query_timeout, 5 s, would end it first). server_login_retry is 1 s (start-pgbouncer.ts).
 */
export const TEST_PGBOUNCER_SETTINGS: Readonly<Record<string, number>> = { query_wait_timeout: 3 };

/** The PgBouncer mode USERBRIDGE_TEST_PGBOUNCER asks for, or undefined (direct connections). */
export function choosePgBouncer(env: Record<string, string | undefined>): PgBouncerMode | undefined {
  const value = env.USERBRIDGE_TEST_PGBOUNCER?.trim() || undefined;
  if (value === undefined) return undefined;
  if (!(PGBOUNCER_MODES as readonly string[]).includes(value)) {
    throw new Error(
      `userbridge: USERBRIDGE_TEST_PGBOUNCER=${value} is not one of ${PGBOUNCER_MODES.join(", ")} (unset: connect directly)`,
    );
  }
  return value as PgBouncerMode;
}

function hostPort(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || "5432"}`;
}

/**
 * Starts a PgBouncer in front of each distinct server and returns the servers with `pooledUrl` set (the
 * server's `postgres` database through PgBouncer; databaseUrl() swaps the database), and how to stop them.
 */
export async function startTestPgBouncers(
  mode: PgBouncerMode,
  servers: Record<ServerName, ServerInfo>,
): Promise<{ servers: Record<ServerName, ServerInfo>; pgbouncer: PgBouncerInfo; stop(): Promise<void> }> {
  const byAdminUrl = new Map<string, Promise<PgBouncer>>();
  for (const server of Object.values(servers)) {
    if (!byAdminUrl.has(server.adminUrl)) {
      byAdminUrl.set(
        server.adminUrl,
        startPgBouncer({
          fallback: server.adminUrl,
          poolMode: mode,
          ignoreStartupParameters: IGNORED_STARTUP_PARAMETERS,
          settings: TEST_PGBOUNCER_SETTINGS,
        }),
      );
    }
  }
  const results = await Promise.allSettled(byAdminUrl.values());
  const started = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => {
    await Promise.allSettled(started.map((bouncer) => bouncer.close()));
  };
  const failure = results.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const bouncers = new Map<string, PgBouncer>();
  for (const [adminUrl, bouncer] of byAdminUrl) bouncers.set(adminUrl, await bouncer);
  const pooled = Object.fromEntries(
    Object.entries(servers).map(([name, server]) => {
      const bouncer = bouncers.get(server.adminUrl) as PgBouncer;
      console.log(
        `userbridge: ${name} server through PgBouncer ${bouncer.version.text} on 127.0.0.1:${bouncer.port} -> ${hostPort(server.adminUrl)} (log: ${bouncer.logFile})`,
      );
      return [name, { ...server, pooledUrl: bouncer.url("postgres") }];
    }),
  ) as Record<ServerName, ServerInfo>;
  const [first] = bouncers.values();
  return {
    servers: pooled,
    pgbouncer: {
      poolMode: mode,
      version: (first as PgBouncer).version.text,
      ignoredStartupParameters: [...IGNORED_STARTUP_PARAMETERS],
    },
    stop,
  };
}

/**
 * After a server restart, PgBouncer refuses new clients of a pool whose last server login failed ("server
 * login has been failing, try again later") until its next login works, which a refused client triggers.
 * A restarted server counts as started once every database of this run on it answers through PgBouncer.
 */
export async function untilPgBouncerReaches(
  server: ServerInfo,
  prefix: string,
  timeoutMs = 15_000,
): Promise<void> {
  const { pooledUrl } = server;
  if (pooledUrl === undefined) return;
  const deadline = performance.now() + timeoutMs;
  for (const name of await listDatabases(server.adminUrl, prefix)) {
    for (;;) {
      const client = new pg.Client({
        connectionString: databaseUrl(pooledUrl, name),
        connectionTimeoutMillis: 2_000,
        query_timeout: 2_000,
      });
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.query("SELECT 1");
        break;
      } catch (error) {
        // Dropped meanwhile by its test: nothing to wait for.
        if ((error as { code?: string }).code === "3D000") break;
        if (performance.now() > deadline) {
          throw new Error(
            `userbridge: PgBouncer does not reach ${name} on the restarted server within ${timeoutMs} ms: ${(error as Error).message}`,
          );
        }
        await sleep(50);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
}
