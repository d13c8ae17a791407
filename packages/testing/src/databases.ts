// Databases for integration tests (`*.int.test.ts`). A file creates what it needs, e.g.
//   const shared = await createTestDatabase("identity", "shared");
//   const app = await createTestDatabase("app", "app");   // or "new", or any schema under prisma/
//   afterAll(() => Promise.all([shared.drop(), app.drop()]));
// Servers come from global-setup.ts: two embedded servers or two containers, or the one
// TEST_DATABASE_URL server. With USERBRIDGE_TEST_PGBOUNCER=transaction, `url` goes through PgBouncer in
// transaction pooling mode and `directUrl` to the server itself: use directUrl for anything that needs
// its own session (LISTEN: createDb's sharedDirectUrl; migrations; advisory locks; SET).
import { randomBytes } from "node:crypto";
import { inject, type TestContext } from "vitest";
import { createDatabase, databaseUrl, dropDatabase } from "./harness/admin.ts";
import { controlEmbeddedServer, type ServerAction } from "./harness/control-server.ts";
import { untilPgBouncerReaches } from "./harness/pgbouncer-mode.ts";
import { HARNESS_KEY, type HarnessInfo, type ServerName, type TemplateName } from "./harness/provided.ts";
import { crashServerIn, startServerIn, stopServerIn } from "./harness/server-control.ts";
import { ensureTemplate } from "./harness/templates.ts";

export type { ServerName, TemplateName };

export interface TestDatabase {
  /**
   * Connection URL of the new database (superuser credentials): through PgBouncer when the run uses one
   * (USERBRIDGE_TEST_PGBOUNCER), else direct, the same as directUrl.
   */
  url: string;
  /** The database on the server itself, never through PgBouncer. */
  directUrl: string;
  /** Whether `url` goes through PgBouncer (transaction pooling). */
  pooled: boolean;
  name: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

function harness(): HarnessInfo {
  const info = inject(HARNESS_KEY);
  if (!info) {
    throw new Error(
      "userbridge: no test servers: test/databases.ts works only in the vitest `integration` project (*.int.test.ts)",
    );
  }
  return info;
}

/**
 * Superuser URL of a server's `postgres` maintenance database (both names: one server without containers).
 * Always direct, also when test databases are reached through PgBouncer.
 */
export function serverAdminUrl(server: ServerName): string {
  return harness().servers[server].adminUrl;
}

/**
 * A fresh, uniquely named database on `server`: a clone of the migrated template of the schema `from` (any
 * folder prisma/<name>/: "shared", "app", "new", ...), or an `empty` one. Global setup migrates the identity
 * server's `shared` template and the app server's site templates; a template it did not build is built
 * here, on first use, by this worker (the build is safe to race: see ensureTemplate).
 */
export async function createTestDatabase(
  server: ServerName,
  from: TemplateName | "empty",
): Promise<TestDatabase> {
  const info = harness();
  const { adminUrl, pooledUrl } = info.servers[server];
  const template = from === "empty" ? "template0" : await templateOn(info, server, from);
  const name = `${info.testDatabasePrefix}${randomBytes(6).toString("hex")}`;
  await createDatabase(adminUrl, name, template);
  const directUrl = databaseUrl(adminUrl, name);
  return {
    url: pooledUrl ? databaseUrl(pooledUrl, name) : directUrl,
    directUrl,
    pooled: pooledUrl !== undefined,
    name,
    drop: () => dropDatabase(adminUrl, name),
  };
}

const builtHere = new Map<string, Promise<string>>();

function templateOn(info: HarnessInfo, server: ServerName, schema: TemplateName): Promise<string> {
  const { adminUrl, templates } = info.servers[server];
  const provided = templates[schema];
  if (provided) return Promise.resolve(provided);
  const key = `${adminUrl}\0${schema}`;
  let building = builtHere.get(key);
  if (!building) {
    building = ensureTemplate(adminUrl, schema).catch((error: Error) => {
      builtHere.delete(key);
      throw new Error(
        `userbridge: no ${schema} template on the ${server} server (it has: ${Object.keys(templates).join(", ")}), and building one failed: ${error.message}`,
      );
    });
    builtHere.set(key, building);
  }
  return building;
}

/** The PgBouncer test databases' `url`s go through, or undefined when they connect directly. */
export function testPgBouncer(): HarnessInfo["pgbouncer"] {
  return harness().pgbouncer;
}

/**
 * Why tests cannot stop and start servers in this run, or undefined when they can (embedded servers and
 * containers belong to the run; a TEST_DATABASE_URL server does not).
 * Fault tests call skipUnlessServerControl: a skip always says why, on the console and in the report.
 */
export function serverControlUnavailable(): string | undefined {
  return harness().mode === "url"
    ? "stops and starts a server, and TEST_DATABASE_URL names one the run does not own (unset it: the run starts its own)"
    : undefined;
}

export function skipUnlessServerControl(context: TestContext): void {
  const reason = serverControlUnavailable();
  if (!reason) return;
  console.warn(`userbridge: skipped "${context.task.name}": ${reason}`);
  context.skip(reason);
}

const IN_CONTAINER: Record<ServerAction, (containerId: string) => Promise<void>> = {
  stop: stopServerIn,
  start: startServerIn,
  crash: crashServerIn,
};

function control(server: ServerName, action: ServerAction): Promise<void> {
  const info = harness();
  const { containerId } = info.servers[server];
  if (containerId) return IN_CONTAINER[action](containerId);
  if (info.controlUrl) return controlEmbeddedServer(info.controlUrl, server, action);
  throw new Error(`userbridge: cannot ${action} the ${server} server: a test ${serverControlUnavailable()}`);
}

/** Stops the server (fast shutdown); connections to it then fail. */
export function stopServer(server: ServerName): Promise<void> {
  return control(server, "stop");
}

/** Kills the server's postmaster with SIGKILL, as a crash; startServer() then recovers from the WAL. */
export function crashServer(server: ServerName): Promise<void> {
  return control(server, "crash");
}

/**
 * Starts it again and waits until it accepts connections, on the same host port (with PgBouncer: until
 * every database of the run on it answers through PgBouncer too).
 */
export async function startServer(server: ServerName): Promise<void> {
  await control(server, "start");
  const info = harness();
  await untilPgBouncerReaches(info.servers[server], info.testDatabasePrefix);
}
