export type { PrismaClient as AppClient } from "@userbridge/db-app";
export type { PrismaClient as SharedClient } from "@userbridge/db-shared";
export {
  CrossDatabaseTransactionError,
  type DatabaseRouter,
  DatabaseUnavailableError,
  getRoutingContext,
  InvalidConfigError,
  MissingRoutingContextError,
  type PathReading,
  RefusedPathError,
  type RouteDecision,
  type RoutingContext,
  readRequestPath,
  recordRoutes,
  routingMiddleware,
  runWithRouting,
  statusOf,
  USERBRIDGE_ERROR_CODES,
  UserbridgeError,
  withRouting,
} from "@userbridge/router";
export type { ChangeFeed, ChangeFeedListener } from "./change-feed.js";
export {
  DATABASE_URL_ENV,
  type DatabaseName,
  DIRECT_URL_ENV,
  describeDatabaseUrl,
  readDatabaseUrls,
} from "./config.js";
export {
  createDb,
  type Db,
  type DbConfig,
  DEFAULT_POOL,
  IDENTITY_MODELS,
  type PoolStats,
  poolStats,
  SESSION_CHANGES_CHANNEL,
} from "./create-db.js";
