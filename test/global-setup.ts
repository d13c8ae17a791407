// Global setup of the `integration` vitest project: two PostgreSQL servers with migrated templates (an
// identity server and an app server), or the one server TEST_DATABASE_URL names. Which, and why, is
// printed: see harness/choose-servers.ts. Every server started here is stopped in teardown; if the run is
// interrupted (Ctrl-C) embedded servers are stopped as the process exits, and a killed run's are stopped by
// the next run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { chooseServers } from "./harness/choose-servers.ts";
import { startContainerServers } from "./harness/container-servers.ts";
import { probeContainerRuntime } from "./harness/containers.ts";
import { startEmbeddedServers } from "./harness/embedded-servers.ts";
import { exitOnSignal } from "./harness/exit-on-signal.ts";
import { dropRunDatabases, prepareExternalServer } from "./harness/external.ts";
import { HARNESS_KEY } from "./harness/provided.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const testDatabasePrefix = `ub_test_${randomBytes(4).toString("hex")}_`;
  exitOnSignal();
  const { mode, reason } = await chooseServers(process.env, probeContainerRuntime);
  const title = {
    url: "TEST_DATABASE_URL",
    containers: "two PostgreSQL containers",
    embedded: "two embedded PostgreSQL servers",
  };
  console.log(
    `userbridge: test servers: ${title[mode]} (${reason}); USERBRIDGE_TEST_SERVERS=url|containers|embedded chooses`,
  );

  if (mode === "url") {
    const url = process.env.TEST_DATABASE_URL as string;
    const server = await prepareExternalServer(url);
    console.log(
      "userbridge: fault tests that stop a server are skipped in this mode (it is not the run's own)",
    );
    project.provide(HARNESS_KEY, { mode, testDatabasePrefix, servers: { identity: server, app: server } });
    return () => dropRunDatabases(server.adminUrl, testDatabasePrefix);
  }
  if (mode === "embedded") {
    const { servers, controlUrl, stop } = await startEmbeddedServers();
    project.provide(HARNESS_KEY, { mode, testDatabasePrefix, servers, controlUrl });
    return stop;
  }
  const { servers, stop } = await startContainerServers(
    process.env.USERBRIDGE_PG_IMAGE || "postgres:17-alpine",
  );
  project.provide(HARNESS_KEY, { mode, testDatabasePrefix, servers });
  return stop;
}
