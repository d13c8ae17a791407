export type { PrismaClient as AppClient } from "@userbridge/db-app";
export type { PrismaClient as SharedClient } from "@userbridge/db-shared";
export {
  canonicalPath,
  CrossDatabaseTransactionError,
  DatabaseUnavailableError,
  type DatabaseRouter,
  getRoutingContext,
  InvalidConfigError,
  isAdminPath,
  MissingRoutingContextError,
  type RouteDecision,
  type RoutingContext,
  recordRoutes,
  routingMiddleware,
  runWithRouting,
  USERBRIDGE_ERROR_CODES,
  UserbridgeError,
  withRouting,
} from "@userbridge/router";
export { DATABASE_URL_ENV, type DatabaseName, describeDatabaseUrl, readDatabaseUrls } from "./config.js";
export { createDb, DEFAULT_POOL, type Db, type DbConfig, IDENTITY_MODELS } from "./create-db.js";
