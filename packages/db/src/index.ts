export type { PrismaClient as AppClient } from "@userbridge/db-app";
export type { PrismaClient as SharedClient } from "@userbridge/db-shared";
export {
  CrossDatabaseTransactionError,
  canonicalPath,
  type DatabaseRouter,
  DatabaseUnavailableError,
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
export {
  createDb,
  type Db,
  type DbConfig,
  DEFAULT_POOL,
  IDENTITY_MODELS,
  type PoolStats,
  poolStats,
} from "./create-db.js";
