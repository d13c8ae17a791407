// A TCP proxy in front of a PostgreSQL server that records every statement its clients run, read
// from the wire protocol itself: each simple Query ('Q') and each Execute ('E') of the extended
// protocol (what pg sends for a query with parameters) is one statement, recorded with its SQL
// (from the Parse that prepared it). It sees what the server is asked, whatever the ORM does above,
// and needs nothing of the server (no pg_stat_statements, no log settings). Plain connections only:
// it cannot read TLS, and PostgreSQL URLs of the tests have none.
import { connect, createServer, type Socket } from "node:net";

export interface StatementCounter {
  /** `url` with its host and port replaced by the proxy's. */
  readonly url: string;
  /** The SQL of every statement run through the proxy since the last `clear()`, in order. */
  readonly statements: readonly string[];
  clear(): void;
  close(): Promise<void>;
}

/** What one client connection has prepared: the SQL of its statements and portals by name ("" unnamed). */
interface Session {
  readonly statements: Map<string, string>;
  readonly portals: Map<string, string>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** A NUL-terminated string at `offset` and the offset after it. */
function cString(message: Buffer, offset: number): [text: string, next: number] {
  const end = message.indexOf(0, offset);
  return [message.toString("utf8", offset, end), end + 1];
}

/** Reads one typed frontend message (`type` and its body) and records what it runs. */
function record(type: string, body: Buffer, session: Session, statements: string[]): void {
  if (type === "Q") {
    statements.push(cString(body, 0)[0]);
  } else if (type === "P") {
    const [name, next] = cString(body, 0);
    session.statements.set(name, cString(body, next)[0]);
  } else if (type === "B") {
    const [portal, next] = cString(body, 0);
    session.portals.set(portal, session.statements.get(cString(body, next)[0]) ?? "<unknown statement>");
  } else if (type === "E") {
    statements.push(session.portals.get(cString(body, 0)[0]) ?? "<unknown portal>");
  }
}

/** Splits a client's byte stream into protocol messages as they complete. */
function frontendReader(onMessage: (type: string, body: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  // The start-up message (and an SSL or GSS request before it) has a length but no type byte.
  let started = false;
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const header = started ? 5 : 4;
      if (pending.length < header) return;
      const length = pending.readInt32BE(started ? 1 : 0);
      const total = (started ? 1 : 0) + length;
      if (pending.length < total) return;
      if (started) {
        onMessage(String.fromCharCode(pending[0] as number), pending.subarray(5, total));
      } else {
        const code = pending.readInt32BE(4);
        started = code !== SSL_REQUEST && code !== GSSENC_REQUEST;
      }
      pending = pending.subarray(total);
    }
  };
}

export async function statementCounter(url: string): Promise<StatementCounter> {
  const target = new URL(url);
  const statements: string[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const session: Session = { statements: new Map(), portals: new Map() };
    const read = frontendReader((type, body) => record(type, body, session, statements));
    client.on("data", read);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on("close", () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(socket);
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as { port: number }).port);

  return {
    url: proxied.toString(),
    statements,
    clear() {
      statements.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
