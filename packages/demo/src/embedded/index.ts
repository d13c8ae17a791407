export { type DataDirLock, lockDataDir, resetDataDir } from "./data-dir.js";
export {
  DEMO_DATABASES,
  type DemoDatabaseName,
  type DemoDatabases,
  type DemoDatabasesOptions,
  startDemoDatabases,
} from "./demo-databases.js";
export {
  DEFAULT_MAX_CONNECTIONS,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded-postgres.js";
export { type MigrateOptions, migrateDatabase, type SchemaName } from "./migrate.js";
