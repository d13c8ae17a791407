// Databases for integration tests (`*.int.test.ts`). A file creates what it needs, e.g.
//   const shared = await createTestDatabase("identity", "shared");
//   const app = await createTestDatabase("app", "app");
//   afterAll(() => Promise.all([shared.drop(), app.drop()]));
// Servers come from test/global-setup.ts: two embedded servers or two containers, or the one
// TEST_DATABASE_URL server.
import { randomBytes } from "node:crypto";
import { inject, type TestContext } from "vitest";
import { createDatabase, databaseUrl, dropDatabase } from "./harness/admin.ts";
import { controlEmbeddedServer, type ServerAction } from "./harness/control-server.ts";
import { HARNESS_KEY, type HarnessInfo, type ServerName, type TemplateName } from "./harness/provided.ts";
import { crashServerIn, startServerIn, stopServerIn } from "./harness/server-control.ts";

export type { ServerName, TemplateName };

export interface TestDatabase {
  /** Connection URL of the new database (superuser credentials). */
  url: string;
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

/** Superuser URL of a server's `postgres` maintenance database (both names: one server without containers). */
export function serverAdminUrl(server: ServerName): string {
  return harness().servers[server].adminUrl;
}

/**
 * A fresh, uniquely named database on `server`: a clone of the migrated `shared` or `app` template,
 * or an `empty` one. The identity server has the `shared` template, the app server the `app` template.
 */
export async function createTestDatabase(
  server: ServerName,
  from: TemplateName | "empty",
): Promise<TestDatabase> {
  const info = harness();
  const { adminUrl, templates } = info.servers[server];
  const template = from === "empty" ? "template0" : templates[from];
  if (!template) {
    throw new Error(
      `userbridge: the ${server} server has no ${from} template (it has: ${Object.keys(templates)})`,
    );
  }
  const name = `${info.testDatabasePrefix}${randomBytes(6).toString("hex")}`;
  await createDatabase(adminUrl, name, template);
  return { url: databaseUrl(adminUrl, name), name, drop: () => dropDatabase(adminUrl, name) };
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

/** Starts it again and waits until it accepts connections, on the same host port. */
export function startServer(server: ServerName): Promise<void> {
  return control(server, "start");
}
