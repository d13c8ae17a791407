// Global setup of the `integration` vitest project: two PostgreSQL servers with migrated templates (an
// identity server and an app server), or the one server TEST_DATABASE_URL names. Which, and why, is
// printed: see harness/choose-servers.ts. With USERBRIDGE_TEST_PGBOUNCER=transaction, tests reach their
// databases through PgBouncer (harness/pgbouncer-mode.ts). Every server and PgBouncer started here is
// stopped in teardown; if the run is interrupted (Ctrl-C) embedded servers and PgBouncers are stopped as the
// process exits, and a killed run's are stopped by the next run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { chooseServers } from "./harness/choose-servers.ts";
import { startContainerServers } from "./harness/container-servers.ts";
import { probeContainerRuntime } from "./harness/containers.ts";
import { startEmbeddedServers } from "./harness/embedded-servers.ts";
import { exitOnSignal } from "./harness/exit-on-signal.ts";
import { dropRunDatabases, prepareExternalServer } from "./harness/external.ts";
import { choosePgBouncer, startTestPgBouncers } from "./harness/pgbouncer-mode.ts";
import { HARNESS_KEY, type HarnessInfo } from "./harness/provided.ts";
import { findPgBouncer, PgBouncerMissingError } from "./pgbouncer/pgbouncer-binary.ts";
import { removeKilledPgBouncers } from "./pgbouncer/pgbouncer-run-dirs.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const testDatabasePrefix = `ub_test_${randomBytes(4).toString("hex")}_`;
  exitOnSignal();
  const { mode, reason } = await chooseServers(process.env, probeContainerRuntime);
  const pgbouncer = choosePgBouncer(process.env);
  if (pgbouncer && !findPgBouncer()) throw new PgBouncerMissingError();
  const title = {
    url: "TEST_DATABASE_URL",
    containers: "two PostgreSQL containers",
    embedded: "two embedded PostgreSQL servers",
  };
  console.log(
    `userbridge: test servers: ${title[mode]} (${reason}); USERBRIDGE_TEST_SERVERS=url|containers|embedded chooses`,
  );
  console.log(
    pgbouncer
      ? `userbridge: test connections: through PgBouncer, ${pgbouncer} pooling (USERBRIDGE_TEST_PGBOUNCER=${pgbouncer}); database.directUrl and admin operations go direct`
      : "userbridge: test connections: direct; USERBRIDGE_TEST_PGBOUNCER=transaction puts PgBouncer in between",
  );

  // Whichever mode this run uses: a killed earlier run's PgBouncers would otherwise stay until a run uses one.
  const killed = await removeKilledPgBouncers();
  if (killed > 0) console.log(`userbridge: stopped ${killed} PgBouncer(s) left by killed earlier runs`);
  const { servers, stop, ...rest } = await startServers(mode, testDatabasePrefix);
  if (!pgbouncer) {
    project.provide(HARNESS_KEY, { mode, testDatabasePrefix, servers, ...rest });
    return stop;
  }
  let bouncers: Awaited<ReturnType<typeof startTestPgBouncers>>;
  try {
    bouncers = await startTestPgBouncers(pgbouncer, servers);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(
    `userbridge: PgBouncer ignores the startup parameter(s) ${bouncers.pgbouncer.ignoredStartupParameters.join(", ")} (it refuses them otherwise): their server-side setting is not applied`,
  );
  project.provide(HARNESS_KEY, {
    mode,
    testDatabasePrefix,
    servers: bouncers.servers,
    pgbouncer: bouncers.pgbouncer,
    ...rest,
  });
  return async () => {
    await bouncers.stop();
    await stop();
  };
}

async function startServers(
  mode: HarnessInfo["mode"],
  testDatabasePrefix: string,
): Promise<{ servers: HarnessInfo["servers"]; controlUrl?: string; stop(): Promise<void> }> {
  if (mode === "url") {
    const url = process.env.TEST_DATABASE_URL as string;
    const server = await prepareExternalServer(url);
    console.log(
      "userbridge: fault tests that stop a server are skipped in this mode (it is not the run's own)",
    );
    return {
      servers: { identity: server, app: server },
      stop: () => dropRunDatabases(server.adminUrl, testDatabasePrefix),
    };
  }
  if (mode === "embedded") {
    const { servers, controlUrl, stop } = await startEmbeddedServers();
    return { servers, controlUrl, stop };
  }
  const { servers, stop } = await startContainerServers(
    process.env.USERBRIDGE_PG_IMAGE || "postgres:17-alpine",
  );
  return { servers, stop };
}
