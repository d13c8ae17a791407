export { type DataDirLock, lockDataDir, resetDataDir } from "./data-dir.js";
export {
  DEMO_DATABASES,
  type DemoDatabaseName,
  type DemoDatabases,
  type DemoDatabasesOptions,
  startDemoDatabases,
} from "./demo-databases.js";
export { ensureDatabase, startDemoServer } from "./demo-server.js";
export { type MigrateOptions, migrateDatabase, type SchemaName } from "./migrate.js";
export { type PostgresServer, type PostgresServerOptions, startPostgresServer } from "./postgres-server.js";
export { type RunDemoOptions, runDemo } from "./run-demo.js";
export { ADMIN_LOGINS, DEMO_LOGIN, type Login, seedDemoLogins } from "./seed.js";
export { type RunningDemo, type StartDemoOptions, startDemo } from "./start-demo.js";
export { DemoStoppedError } from "./stopped.js";
