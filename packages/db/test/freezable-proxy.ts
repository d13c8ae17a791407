// A TCP proxy in front of a PostgreSQL server that can "freeze" it: while frozen, connections are
// accepted but nothing is forwarded either way, exactly what a client sees of a server whose
// processes are stopped (SIGSTOP) or whose network path went silent. It works on any server the
// tests are given, including one shared with other work (which must never be stopped).
import { connect, createServer, type Socket } from "node:net";

export interface FreezableProxy {
  /** `url` with its host and port replaced by the proxy's. */
  readonly url: string;
  /** Bytes clients sent towards the server so far (statements, in effect): reset it by assigning 0. */
  bytesToServer: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

type Pair = readonly [client: Socket, upstream: Socket];

function destroy(pair: Pair): void {
  for (const socket of pair) socket.destroy();
}

function join([client, upstream]: Pair): void {
  client.pipe(upstream);
  upstream.pipe(client);
}

function split([client, upstream]: Pair): void {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}

export async function freezableProxy(url: string): Promise<FreezableProxy> {
  const target = new URL(url);
  const pairs = new Set<Pair>();
  let frozen = false;

  const server = createServer((client) => {
    const pair: Pair = [client, connect(Number(target.port || 5432), target.hostname)];
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      proxy.bytesToServer += chunk.length;
    });
    for (const socket of pair) {
      socket.on("error", () => destroy(pair));
      socket.on("close", () => {
        destroy(pair);
        pairs.delete(pair);
      });
    }
    if (frozen) split(pair);
    else join(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as { port: number }).port);

  const proxy: FreezableProxy = {
    bytesToServer: 0,
    url: proxied.toString(),
    freeze() {
      frozen = true;
      pairs.forEach(split);
    },
    thaw() {
      frozen = false;
      pairs.forEach(join);
    },
    async close() {
      pairs.forEach(destroy);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
