// The driver adapter the wasm engine talks to PostgreSQL through: @prisma/adapter-pg, with the
// differences from the native engine that matter for migrations fixed.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { parseDatabaseUrl, withDatabase } from "./database-url.ts";
import type { DriverErrors } from "./driver-errors.ts";
import { UserFacingError } from "./errors.ts";
import { poolConfig, quoteIdentifier } from "./pg-pool.ts";

export interface EngineDatasource {
  url: string;
  shadowDatabaseUrl?: string | undefined;
}

export function createAdapterFactory(
  datasource: EngineDatasource,
  errors: DriverErrors,
): ErrorCapturingSqlMigrationAwareDriverAdapterFactory {
  const recorded = (open: () => Promise<SqlDriverAdapter>) => (): Promise<SqlDriverAdapter> =>
    open().catch((error: unknown) => {
      errors.record(error);
      throw error;
    });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: recorded(() => connect(datasource.url, errors)),
    connectToShadowDb: recorded(() =>
      datasource.shadowDatabaseUrl
        ? connectToConfiguredShadow(datasource.url, datasource.shadowDatabaseUrl, errors)
        : connectToTemporaryShadow(datasource.url, errors),
    ),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function connect(url: string, errors: DriverErrors): Promise<SqlDriverAdapter> {
  const { schema } = parseDatabaseUrl(url);
  const adapter = await new PrismaPg(poolConfig(url), schema ? { schema } : undefined).connect();
  return observed(adapter, errors);
}

/**
 * Records every driver error, and runs a script as one simple query like the native engine does
 * (adapter-pg splits it on `;`, which breaks on semicolons inside strings or function bodies and
 * leaves a failed migration half applied; one multi-statement query is one implicit transaction).
 */
function observed(adapter: PgAdapter, errors: DriverErrors): SqlDriverAdapter {
  const watch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, fromScript = false) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        errors.record(error, fromScript);
        throw error;
      }
    };
  const info = adapter.getConnectionInfo?.bind(adapter);
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: watch((query) => adapter.queryRaw(query)),
    executeRaw: watch((query) => adapter.executeRaw(query)),
    executeScript: watch((script: string) => runScript(adapter.underlyingDriver(), script), true),
    startTransaction: watch((isolationLevel) => adapter.startTransaction(isolationLevel)),
    dispose: () => adapter.dispose(),
    ...(info ? { getConnectionInfo: info } : {}),
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type PgPool = ReturnType<PgAdapter["underlyingDriver"]>;

/** Without parameters pg uses the simple query protocol, which accepts several statements. */
async function runScript(pool: PgPool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    // Keeps PostgreSQL's own message and position (adapter-pg's mapping drops them for some codes).
    throw Object.assign(
      new DriverAdapterError({
        kind: "postgres",
        code: error.code,
        severity: error.severity ?? "ERROR",
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      }),
      { position: error.position },
    );
  }
}

function isDatabaseError(error: unknown): error is DatabaseErrorFields {
  return (
    error instanceof Error && typeof (error as { code?: unknown }).code === "string" && "severity" in error
  );
}

interface DatabaseErrorFields extends Error {
  code: string;
  severity?: string;
  detail?: string;
  column?: string;
  hint?: string;
  position?: string;
}

/**
 * A fresh database next to the main one, dropped afterwards. adapter-pg's own version cannot be
 * used: with a connection string it ignores the database override (the "shadow" would be the main
 * database) and it drops the database before closing its pool.
 */
async function connectToTemporaryShadow(url: string, errors: DriverErrors): Promise<SqlDriverAdapter> {
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
async function connectToConfiguredShadow(
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

function sql(text: string) {
  return { sql: text, args: [], argTypes: [] };
}
