import { createAppClient, type PoolOptions } from "@userbridge/db-app";
import { createSharedClient } from "@userbridge/db-shared";
import { createRoutedClient, type DatabaseRouter, type RouteDecision } from "@userbridge/router";
import { DATABASE_URL_ENV, readDatabaseUrls } from "./config.js";

/** The identity models: sent to the shared database, or to the site's own tables under /admin. */
export const IDENTITY_MODELS = ["user", "account", "session", "verificationToken"] as const;

/**
 * pg's defaults wait forever for a free connection; a bounded wait turns an outage or an
 * exhausted pool into a DatabaseUnavailableError instead of a hung request.
 */
export const DEFAULT_POOL: PoolOptions = {
  max: 10,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 10_000,
};

export interface DbConfig {
  /** The identity database. @default process.env.SHARED_DATABASE_URL */
  readonly sharedDatabaseUrl?: string;
  /** This site's own database. @default process.env.APP_DATABASE_URL */
  readonly appDatabaseUrl?: string;
  /** Pool settings, applied to each database's own pool. @default DEFAULT_POOL */
  readonly pool?: PoolOptions;
  /** Your routers, tried before the built-in policy. @default [] */
  readonly routers?: readonly DatabaseRouter<"shared" | "app">[];
  /** Throw MissingRoutingContextError for calls outside a routing context. @default false */
  readonly strict?: boolean;
  /** Called with every routing decision. */
  readonly onRoute?: (decision: RouteDecision) => void;
}

/**
 * The routed client of a site: identity models on the shared database (the site's own under the
 * admin), everything else on the site's database.
 * @throws InvalidConfigError naming every missing or malformed database URL.
 * @example const db = createDb(); await db.user.findUnique({ where: { email } });
 */
export function createDb(config: DbConfig = {}, env: Record<string, string | undefined> = process.env) {
  const urls = readDatabaseUrls(["shared", "app"], {
    ...env,
    ...(config.sharedDatabaseUrl !== undefined && { [DATABASE_URL_ENV.shared]: config.sharedDatabaseUrl }),
    ...(config.appDatabaseUrl !== undefined && { [DATABASE_URL_ENV.app]: config.appDatabaseUrl }),
  });
  const pool = { ...DEFAULT_POOL, ...config.pool };
  return createRoutedClient({
    clients: { shared: createSharedClient(urls.shared, pool), app: createAppClient(urls.app, pool) },
    routedModels: IDENTITY_MODELS,
    defaultClient: "app",
    ...(config.routers && { routers: config.routers }),
    ...(config.strict !== undefined && { strict: config.strict }),
    ...(config.onRoute && { onRoute: config.onRoute }),
  });
}

/** The routed client type: `db.user` is the shared client's delegate, `db.post` the app client's. */
export type Db = ReturnType<typeof createDb>;
