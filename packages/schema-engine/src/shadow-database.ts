// The shadow database `migrate dev` and `migrate diff --from-migrations` replay the migrations in.
import { randomUUID } from "node:crypto";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parseDatabaseUrl, withDatabase } from "./database-url.ts";
import type { DriverErrors } from "./driver-errors.ts";
import { UserFacingError } from "./errors.ts";
import { connect, sql } from "./pg-adapter.ts";
import { quoteIdentifier } from "./pg-pool.ts";

/**
 * A fresh database next to the main one, dropped afterwards. adapter-pg's own version cannot be
 * used: with a connection string it ignores the database override (the "shadow" would be the main
 * database) and it drops the database before closing its pool.
 */
export async function connectToTemporaryShadow(url: string, errors: DriverErrors): Promise<SqlDriverAdapter> {
  const admin = await connect(url, errors);
  const name = `prisma_migrate_shadow_db_${randomUUID()}`;
  const quoted = quoteIdentifier(name);
  try {
    await admin.executeRaw(sql(`CREATE DATABASE ${quoted}`));
  } catch (error) {
    await admin.dispose();
    throw shadowNotCreated(error);
  }
  undropped.set(name, url);
  try {
    const shadow = await connect(withDatabase(url, name), errors);
    return {
      ...shadow,
      dispose: async () => {
        try {
          await shadow.dispose();
        } finally {
          await dropDatabase(admin, quoted).finally(() => admin.dispose());
          undropped.delete(name);
        }
      },
    };
  } catch (error) {
    await dropDatabase(admin, quoted)
      .then(() => undropped.delete(name))
      .catch(() => undefined)
      .finally(() => admin.dispose());
    throw error;
  }
}

/** Temporary shadow databases created and not dropped yet (name -> main database URL). */
const undropped = new Map<string, string>();

/**
 * Drops the temporary shadow databases still there: the engine disposes of them itself, except after a
 * panic or when the CLI stops it (SIGTERM) mid-command. Each drop is bounded; returns once all are tried.
 */
export async function dropUndroppedShadows(): Promise<void> {
  await Promise.all(
    [...undropped].map(async ([name, url]) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: DROP_TIMEOUT_MS });
      client.on("error", () => undefined);
      const timer = setTimeout(() => client.end().catch(() => undefined), DROP_TIMEOUT_MS);
      try {
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
        undropped.delete(name);
      } catch {
        // Best effort: the server is gone or the CLI is out of patience; nothing more can be done here.
      } finally {
        clearTimeout(timer);
        await client.end().catch(() => undefined);
      }
    }),
  );
}

const DROP_TIMEOUT_MS = 1_500;

/** P3014, as the native engine reports a shadow database it could not create. */
function shadowNotCreated(error: unknown): unknown {
  const cause = error instanceof Error && error.name === "DriverAdapterError" ? error.cause : undefined;
  const failure = cause as
    | { code?: string; message?: string; originalCode?: string; originalMessage?: string }
    | undefined;
  const code = failure?.originalCode ?? failure?.code;
  const message =
    failure?.originalMessage ?? failure?.message ?? (error instanceof Error ? error.message : String(error));
  if (!code) return error;
  return new UserFacingError(
    "P3014",
    "Prisma Migrate could not create the shadow database. Please make sure the database user has permission to " +
      "create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow" +
      `\n\nOriginal error: \nERROR: ${message}\n\nDB error code: ${code}`,
    { error_code: code },
  );
}

async function dropDatabase(admin: SqlDriverAdapter, quotedName: string): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) also ends sessions the server has not noticed closing yet.
  await admin
    .executeRaw(sql(`DROP DATABASE IF EXISTS ${quotedName} WITH (FORCE)`))
    .catch(() => admin.executeRaw(sql(`DROP DATABASE IF EXISTS ${quotedName}`)));
}

/** The shadow database the user configured (shadowDatabaseUrl): emptied first, like the native engine. */
export async function connectToConfiguredShadow(
  url: string,
  shadowUrl: string,
  errors: DriverErrors,
): Promise<SqlDriverAdapter> {
  const main = parseDatabaseUrl(url);
  const shadow = parseDatabaseUrl(shadowUrl);
  if (main.host === shadow.host && main.port === shadow.port && main.database === shadow.database) {
    throw new UserFacingError(
      undefined,
      "userbridge: the shadow database URL points at the main database; name another (empty) database.",
    );
  }
  const adapter = await connect(shadowUrl, errors);
  const schema = quoteIdentifier(shadow.schema ?? "public");
  await adapter.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
  return adapter;
}
