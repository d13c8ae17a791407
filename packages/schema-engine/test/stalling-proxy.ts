// A TCP proxy in front of a PostgreSQL server that stops forwarding, in both directions and on every connection
// (new ones included), once a client sends a marker: a server that hangs mid-command, without freezing the
// real server that other tests and engineers share. Connections stay open until close().
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface StallingProxy {
  /** `url` with the proxy's host and port. */
  urlFor(url: string): string;
  /** Whether the marker has been seen (forwarding has stopped). */
  readonly stalled: boolean;
  close(): Promise<void>;
}

export async function startStallingProxy(
  target: { host: string; port: number },
  marker: string,
): Promise<StallingProxy> {
  const sockets = new Set<Socket>();
  let stalled = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    return socket;
  };
  const server: Server = createServer((client) => {
    track(client);
    const upstream = track(createConnection(target));
    client.on("data", (chunk: Buffer) => {
      if (!stalled && chunk.includes(marker)) stalled = true;
      if (!stalled) upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!stalled) client.write(chunk);
    });
    // Ends pass through only while forwarding: a hung server does not close its connections either.
    client.on("end", () => stalled || upstream.end());
    upstream.on("end", () => stalled || client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    urlFor(url) {
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    get stalled() {
      return stalled;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
