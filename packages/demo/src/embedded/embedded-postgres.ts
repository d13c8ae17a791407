// One embedded PostgreSQL database: PGlite (Postgres compiled to wasm) served over the wire protocol on
// 127.0.0.1, so @prisma/adapter-pg, node-postgres and the prisma CLI talk to it like to any server.
import { mkdir } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * PGlite is one backend: the socket server multiplexes clients onto it and refuses connections above
 * this count with a bare "Too many connections" line (not a protocol error). The identity database
 * serves both demo sites' pools (10 each) plus the prisma CLI, so leave headroom.
 */
export const DEFAULT_MAX_CONNECTIONS = 64;

export interface EmbeddedPostgresOptions {
  /** Shown in messages (`identity`, `old`, `new`). */
  readonly name: string;
  /** Directory of the database files, created if missing; omit for an in-memory database. @default memory */
  readonly dataDir?: string;
  /** TCP port on 127.0.0.1. @default 0 (a free port chosen by the OS) */
  readonly port?: number;
  /** @default DEFAULT_MAX_CONNECTIONS */
  readonly maxConnections?: number;
}

export interface EmbeddedPostgres {
  readonly name: string;
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`: the only database there is (see README). */
  readonly url: string;
  readonly dataDir: string | undefined;
  /** Open client connections and queued protocol messages. */
  stats(): { activeConnections: number; queuedQueries: number; maxConnections: number };
  /**
   * Stops accepting connections, drops the open ones (rolling back a transaction left open) and
   * closes PGlite, which checkpoints its files. Close your clients first. Idempotent.
   */
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { name, dataDir, port = 0, maxConnections = DEFAULT_MAX_CONNECTIONS } = options;
  // PGlite creates only the last path segment.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (error) {
    throw new Error(
      `userbridge: could not open the embedded ${name} database${dataDir ? ` in ${dataDir}` : ""}. ` +
        "If its files are damaged, start fresh with `pnpm demo --reset` (this deletes the demo data).",
      { cause: error },
    );
  }
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new Error(`userbridge: the embedded ${name} database could not listen on 127.0.0.1:${port}`, {
      cause: error,
    });
  }

  let closing: Promise<void> | undefined;
  const close = async () => {
    await server.stop();
    // stop() detaches handlers without awaiting their ROLLBACK of a transaction left open: let them run,
    // then make sure nothing half-done is left before PGlite writes its final checkpoint.
    await nextTurn();
    await db.runExclusive(async () => {
      if (db.isInTransaction()) await db.exec("ROLLBACK");
    });
    await db.close();
  };

  return {
    name,
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    dataDir,
    stats: () => server.getStats(),
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
