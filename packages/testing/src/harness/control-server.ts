// Embedded mode: the servers are child processes of vitest's main process (global setup), while the fault
// tests that stop, crash and start them run in worker processes. Workers ask through this HTTP endpoint on
// 127.0.0.1, guarded by a random token in the path.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { PostgresServer } from "@userbridge/embedded";
import type { ServerName } from "./provided.ts";

export const SERVER_ACTIONS = ["stop", "start", "crash"] as const;
export type ServerAction = (typeof SERVER_ACTIONS)[number];

export async function startControlServer(
  servers: Record<ServerName, PostgresServer>,
): Promise<{ url: string; close(): Promise<void> }> {
  const token = randomBytes(16).toString("hex");
  const http = createServer((request, response) => {
    const [, given, name, action] = (request.url ?? "").split("/");
    const server = Object.hasOwn(servers, name ?? "") ? servers[name as ServerName] : undefined;
    if (
      request.method !== "POST" ||
      given !== token ||
      !server ||
      !SERVER_ACTIONS.includes(action as ServerAction)
    ) {
      response.writeHead(404).end();
      return;
    }
    server[action as ServerAction]().then(
      () => response.writeHead(204).end(),
      (error: Error) => response.writeHead(500, { "content-type": "text/plain" }).end(error.message),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

/** From a test worker: runs `action` on the named server and resolves when it is done. */
export async function controlEmbeddedServer(
  controlUrl: string,
  server: ServerName,
  action: ServerAction,
): Promise<void> {
  const response = await fetch(`${controlUrl}/${server}/${action}`, {
    method: "POST",
    signal: AbortSignal.timeout(90_000),
  });
  if (response.status !== 204) {
    throw new Error(
      `userbridge: could not ${action} the ${server} server: ${response.status} ${await response.text()}`,
    );
  }
}
