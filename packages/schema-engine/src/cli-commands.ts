// The engine's `cli` subcommands, which the prisma CLI runs before most commands. They work on the
// server rather than through the wasm engine, which cannot start without a reachable database.
import pg from "pg";
import { connectionError } from "./connection-errors.ts";
import { parseDatabaseUrl, serverAddress, withDatabase } from "./database-url.ts";
import { UserFacingError } from "./errors.ts";
import { quoteIdentifier } from "./pg-pool.ts";

export type CliCommand = "can-connect-to-database" | "create-database" | "drop-database";

export function isCliCommand(value: string | undefined): value is CliCommand {
  return value === "can-connect-to-database" || value === "create-database" || value === "drop-database";
}

/** Runs one subcommand; returns the success message to log. */
export async function runCliCommand(command: CliCommand, url: string): Promise<string> {
  switch (command) {
    case "can-connect-to-database":
      await withClient(url, () => Promise.resolve());
      return "Connection successful";
    case "create-database":
      return `Database '${await createDatabase(url)}' was successfully created.`;
    case "drop-database":
      await dropDatabase(url);
      return "The database was successfully dropped.";
  }
}

export async function createDatabase(url: string): Promise<string> {
  const target = parseDatabaseUrl(url);
  await onServer(url, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(target.database)}`);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "42P04") throw error;
      throw new UserFacingError(
        "P1009",
        `Database \`${target.database}\` already exists on the database server at \`${serverAddress(target)}\``,
        { database_name: target.database, database_host: target.host, database_port: target.port },
      );
    }
  });
  return target.database;
}

async function dropDatabase(url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  await onServer(url, (client) => client.query(`DROP DATABASE ${quoteIdentifier(target.database)}`));
}

/** Runs `work` on a maintenance database of the same server (`postgres`, else `template1`). */
async function onServer(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  try {
    await withClient(withDatabase(url, "postgres"), work);
  } catch (error) {
    if (!(error instanceof UserFacingError && error.code === "P1003")) throw error;
    await withClient(withDatabase(url, "template1"), work);
  }
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const location = parseDatabaseUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: location.connectTimeoutMs });
  client.on("error", () => undefined); // a dropped connection is reported by the failing query
  try {
    await client.connect().catch((error: unknown) => {
      throw connectionError(error, location) ?? error;
    });
    await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
