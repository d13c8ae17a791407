// The demo's one embedded PostgreSQL server, holding the databases the environment does not name. Its data
// directory, superuser password and last port are kept under the demo's data directory, so the printed
// URLs stay the same from run to run (unless that port has been taken meanwhile).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type PostgresServer, startPostgresServer } from "@userbridge/embedded";
import pg from "pg";
import { keptSecret } from "./session-secret.js";

/** What the server keeps in the demo's data directory (for --reset). */
export const SERVER_ENTRIES = [
  "postgres",
  "postgres.initdb",
  "postgres.log",
  "postgres.port",
  "postgres-password",
];

export async function startDemoServer(dataDir: string): Promise<PostgresServer> {
  const portFile = join(dataDir, "postgres.port");
  const lastPort = Number.parseInt(await readFile(portFile, "utf8").catch(() => ""), 10);
  const server = await startPostgresServer({
    name: "demo",
    dataDir: join(dataDir, "postgres"),
    password: await keptSecret(dataDir, "postgres-password"),
    ...(Number.isInteger(lastPort) && { port: lastPort }),
  });
  if (server.port !== lastPort) await writeFile(portFile, `${server.port}\n`);
  return server;
}

/** Creates database `name` on the server unless it exists; says whether it created it. */
export async function ensureDatabase(server: PostgresServer, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: server.url("postgres"), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 1) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}
