// @userbridge/db: a site's routed client (createDb) over the identity database and its own, and
// everything of the generic router (@userbridge/router) it builds on.
export * from "@userbridge/router";
export type { ChangeFeed, ChangeFeedListener } from "./change-feed.js";
export {
  type DatabaseName,
  databaseUrlVariable,
  describeDatabaseUrl,
  directUrlVariable,
  readDatabaseUrls,
  shadowDatabaseUrlVariable,
} from "./config.js";
export {
  createDb,
  type Db,
  type DbConfig,
  type DbExtensions,
  DEFAULT_POOL,
  type IdentityModelClients,
  type PoolStats,
  poolStats,
  SESSION_CHANGES_CHANNEL,
  type SharedClient,
} from "./create-db.js";
export { IDENTITY_MODELS, type IdentityModel, identityRouter } from "./identity-router.js";
export {
  createPreload,
  type Preload,
  type Preloaded,
  type PreloadRelation,
  type PreloadRelations,
  preload,
} from "./preload.js";
export { createPrismaClient, type PoolOptions, type PrismaClientClass } from "./prisma-client.js";
