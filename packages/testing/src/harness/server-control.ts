// Stops, crashes and starts PostgreSQL inside a running test container (see SUPERVISOR_SCRIPT): the container
// and its host port stay, so clients reconnect to the same URL.
import { CRASH_COMMAND, START_COMMAND, STOP_COMMAND } from "./server-process.ts";

async function execAsPostgres(containerId: string, command: string[]): Promise<void> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  const result = await client.container.exec(client.container.getById(containerId), command, {
    user: "postgres",
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `userbridge: \`${command.join(" ")}\` in container ${containerId.slice(0, 12)} exited with ${result.exitCode}: ${result.output}`,
    );
  }
}

export function stopServerIn(containerId: string): Promise<void> {
  return execAsPostgres(containerId, STOP_COMMAND);
}

export function startServerIn(containerId: string): Promise<void> {
  return execAsPostgres(containerId, START_COMMAND);
}

export function crashServerIn(containerId: string): Promise<void> {
  return execAsPostgres(containerId, CRASH_COMMAND);
}
