// Starts the suite's PostgreSQL servers in containers with @testcontainers/postgresql.
import { randomBytes } from "node:crypto";
import { SERVER_OPTIONS, SUPERVISOR_PATH, SUPERVISOR_SCRIPT } from "./server-process.ts";

// A fresh password per run: tests that check output never leaks a password can search for it.
const CREDENTIALS = { username: "postgres", password: randomBytes(12).toString("hex"), database: "postgres" };
// Lets a CI script remove exactly its own containers if a run dies before teardown.
const RUN_ID = process.env.USERBRIDGE_TEST_RUN_ID || `local-${process.pid}`;

export interface StartedServer {
  adminUrl: string;
  containerId: string;
  stop(): Promise<void>;
}

function missingRuntimeMessage(image: string, reason: string): string {
  return [
    "userbridge: the integration tests need PostgreSQL, and none is available.",
    `  Either run a Docker engine with the image ${image} present locally`,
    `    (docker pull ${image}; no Docker Hub? build one: sudo scripts/build-local-postgres-image.sh,`,
    "     then USERBRIDGE_PG_IMAGE=userbridge/postgres-local pnpm test),",
    "  or set TEST_DATABASE_URL to a superuser URL of a PostgreSQL server where the tests may create",
    "    and drop databases, e.g. TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres pnpm test",
    `  (Docker: ${reason})`,
  ].join("\n");
}

/**
 * Checks the engine and the image before anything starts (the tests never pull); returns the host
 * testcontainers will reach published ports on.
 */
export async function checkContainerRuntime(image: string): Promise<string> {
  const { getContainerRuntimeClient, ImageName } = await import("testcontainers");
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(missingRuntimeMessage(image, (error as Error).message));
  }
  if (!(await client.image.exists(ImageName.fromString(image)))) {
    throw new Error(
      missingRuntimeMessage(image, `image ${image} is not present locally and tests never pull`),
    );
  }
  return client.info.containerRuntime.host;
}

/** testcontainers takes /.dockerenv to mean "inside a container" and uses the bridge gateway. */
export function unreachableHostHint(host: string): string {
  return ["localhost", "127.0.0.1", "::1"].includes(host)
    ? ""
    : `\n  (testcontainers reaches the containers' ports on ${host}; if your engine publishes them on 127.0.0.1 only,` +
        " set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1)";
}

export async function startPostgresServer(image: string, role: string): Promise<StartedServer> {
  const { PullPolicy } = await import("testcontainers");
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(image)
    .withUsername(CREDENTIALS.username)
    .withPassword(CREDENTIALS.password)
    .withDatabase(CREDENTIALS.database)
    .withPullPolicy(PullPolicy.neverPull())
    .withStartupTimeout(60_000)
    .withLabels({ "org.userbridge.test": role, "org.userbridge.test.run": RUN_ID })
    .withCopyContentToContainer([{ content: SUPERVISOR_SCRIPT, target: SUPERVISOR_PATH, mode: 0o755 }])
    .withEntrypoint(["/bin/sh", SUPERVISOR_PATH])
    .withCommand(["docker-entrypoint.sh", "postgres", ...SERVER_OPTIONS])
    .start();
  // Docker publishes on IPv4; "localhost" may resolve to ::1 first.
  const host = container.getHost() === "localhost" ? "127.0.0.1" : container.getHost();
  const adminUrl = new URL(`postgresql://${host}:${container.getPort()}/${CREDENTIALS.database}`);
  adminUrl.username = CREDENTIALS.username;
  adminUrl.password = CREDENTIALS.password;
  return {
    adminUrl: adminUrl.toString(),
    containerId: container.getId(),
    stop: async () => {
      await container.stop();
    },
  };
}
