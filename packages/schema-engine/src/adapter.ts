// The driver adapter factory the wasm engine connects through: the main database and the shadow one,
// bound with bindMigrationAwareSqlAdapterFactory so that driver errors reach the engine.
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { parseDatabaseUrl } from "./database-url.ts";
import { DriverErrors } from "./driver-errors.ts";
import { UserFacingError } from "./errors.ts";
import { lazyAdapter } from "./lazy-adapter.ts";
import { connect } from "./pg-adapter.ts";
import { connectToConfiguredShadow, connectToTemporaryShadow } from "./shadow-database.ts";

export interface EngineDatasource {
  /** Unset: commands that need no database (diffs between files) still run; the others fail with `missingUrl`. */
  url: string | undefined;
  shadowDatabaseUrl?: string | undefined;
}

/** The error for a command that needs the database when no URL is configured. */
export function missingUrl(): UserFacingError {
  return new UserFacingError(
    undefined,
    "userbridge: no database URL. This command needs a database connection: set datasource.url in " +
      "prisma.config.ts (SHARED_DATABASE_URL / APP_DATABASE_URL in userbridge).",
  );
}

function requireUrl({ url }: EngineDatasource): string {
  if (!url) throw missingUrl();
  return url;
}

function schemaOf({ url }: EngineDatasource): string | undefined {
  return url ? parseDatabaseUrl(url).schema : undefined;
}

export function createAdapterFactory(
  datasource: EngineDatasource,
  errors = new DriverErrors(),
): ErrorCapturingSqlMigrationAwareDriverAdapterFactory {
  const recorded = (open: () => Promise<SqlDriverAdapter>) => (): Promise<SqlDriverAdapter> =>
    open().catch((error: unknown) => {
      errors.record(error);
      throw error;
    });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () =>
      lazyAdapter(
        recorded(async () => connect(requireUrl(datasource), errors)),
        schemaOf(datasource),
      ),
    connectToShadowDb: recorded(() =>
      datasource.shadowDatabaseUrl
        ? connectToConfiguredShadow(requireUrl(datasource), datasource.shadowDatabaseUrl, errors)
        : connectToTemporaryShadow(requireUrl(datasource), errors),
    ),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}
