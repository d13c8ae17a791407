// The shadow database `migrate dev` and `migrate diff --from-migrations` replay the migrations in.
import { randomUUID } from "node:crypto";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
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
  const name = quoteIdentifier(`prisma_migrate_shadow_db_${randomUUID()}`);
  try {
    await admin.executeRaw(sql(`CREATE DATABASE ${name}`));
    const shadow = await connect(withDatabase(url, name.slice(1, -1)), errors);
    return {
      ...shadow,
      dispose: async () => {
        try {
          await shadow.dispose();
        } finally {
          await dropDatabase(admin, name).finally(() => admin.dispose());
        }
      },
    };
  } catch (error) {
    await dropDatabase(admin, name)
      .catch(() => undefined)
      .finally(() => admin.dispose());
    throw error;
  }
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
