// Starts the suite's PostgreSQL servers in containers with @testcontainers/postgresql.
import { randomBytes } from "node:crypto";
import { RUN_LABEL } from "./container-leftovers.ts";
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

/** A probe that finds no engine must not hold up the run: testcontainers tries several strategies. */
const PROBE_TIMEOUT_MS = 15_000;

/** Whether a container engine answers, and where testcontainers will reach published ports. */
export async function probeContainerRuntime(): Promise<
  { ok: true; detail: string; host: string } | { ok: false; reason: string }
> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(
      () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)),
      PROBE_TIMEOUT_MS,
    ).unref();
  });
  try {
    const client = await Promise.race([getContainerRuntimeClient(), timeout]);
    const { host, serverVersion, operatingSystem } = client.info.containerRuntime;
    return { ok: true, detail: `engine ${serverVersion} on ${operatingSystem}, ports on ${host}`, host };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** Says (and lets testcontainers do it) when the image must be pulled first. */
export async function announcePull(image: string): Promise<void> {
  const { getContainerRuntimeClient, ImageName } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  if (!(await client.image.exists(ImageName.fromString(image)))) {
    console.log(
      `userbridge: image ${image} is not present locally: pulling it (no registry? build one with ` +
        "scripts/build-local-postgres-image.sh and set USERBRIDGE_PG_IMAGE=userbridge/postgres-local)",
    );
  }
}

/** testcontainers takes /.dockerenv to mean "inside a container" and uses the bridge gateway. */
export function unreachableHostHint(host: string): string {
  return ["localhost", "127.0.0.1", "::1"].includes(host)
    ? ""
    : `\n  (testcontainers reaches the containers' ports on ${host}; if your engine publishes them on 127.0.0.1 only,` +
        " set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1)";
}

export async function startPostgresServer(image: string, role: string): Promise<StartedServer> {
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(image)
    .withUsername(CREDENTIALS.username)
    .withPassword(CREDENTIALS.password)
    .withDatabase(CREDENTIALS.database)
    .withStartupTimeout(60_000)
    .withLabels({ "org.userbridge.test": role, [RUN_LABEL]: RUN_ID })
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
