// The driver adapter factory the wasm engine connects through: the main database and the shadow one,
// bound with bindMigrationAwareSqlAdapterFactory so that driver errors reach the engine.
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { DriverErrors } from "./driver-errors.ts";
import { connect } from "./pg-adapter.ts";
import { connectToConfiguredShadow, connectToTemporaryShadow } from "./shadow-database.ts";

export interface EngineDatasource {
  url: string;
  shadowDatabaseUrl?: string | undefined;
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
    connect: recorded(() => connect(datasource.url, errors)),
    connectToShadowDb: recorded(() =>
      datasource.shadowDatabaseUrl
        ? connectToConfiguredShadow(datasource.url, datasource.shadowDatabaseUrl, errors)
        : connectToTemporaryShadow(datasource.url, errors),
    ),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}
