// Global setup of the `integration` vitest project: PostgreSQL servers with migrated templates, either
// two containers (identity and app) or the one server named by TEST_DATABASE_URL.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startContainerServers } from "./harness/container-servers.ts";
import { dropRunDatabases, prepareExternalServer } from "./harness/external.ts";
import { HARNESS_KEY } from "./harness/provided.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const testDatabasePrefix = `ub_test_${randomBytes(4).toString("hex")}_`;
  const externalUrl = process.env.TEST_DATABASE_URL;

  if (externalUrl) {
    const server = await prepareExternalServer(externalUrl);
    console.log("userbridge: fault tests that stop a server are skipped in this mode (they need containers)");
    project.provide(HARNESS_KEY, {
      mode: "external",
      testDatabasePrefix,
      servers: { identity: server, app: server },
    });
    return () => dropRunDatabases(server.adminUrl, testDatabasePrefix);
  }

  const { servers, stop } = await startContainerServers(
    process.env.USERBRIDGE_PG_IMAGE || "postgres:17-alpine",
  );
  project.provide(HARNESS_KEY, { mode: "containers", testDatabasePrefix, servers });
  return stop;
}
