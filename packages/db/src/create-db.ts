import { type PrismaClient as AppClient, createAppClient, type PoolOptions } from "@userbridge/db-app";
import { createSharedClient, type PrismaClient as SharedClient } from "@userbridge/db-shared";
import {
  createRoutedClient,
  type DatabaseRouter,
  type RouteDecision,
  type RoutedClient,
  type RoutedDelegateNames,
} from "@userbridge/router";
import pg from "pg";
import { type ChangeFeed, changeFeed } from "./change-feed.js";
import { DATABASE_URL_ENV, type DatabaseName, readDatabaseUrls, readDirectUrl } from "./config.js";
import { spanAttributesOnRoute } from "./telemetry.js";

/** The identity models (Auth.js' schema plus userbridge's own): sent to the shared database, or to the site's own tables under /admin. */
export const IDENTITY_MODELS = [
  "user",
  "account",
  "session",
  "verificationToken",
  "authenticator",
  "loginThrottle",
  "handoffCode",
] as const;

/**
 * Every wait is bounded. pg's defaults wait forever, for a free connection and for an answer; here a
 * database that is down, frozen (a stopped process, a dead network path) or overloaded becomes a
 * DatabaseUnavailableError (503) within about 5 s instead of a hung request:
 * - `connectionTimeoutMillis`: at most this long to get a connection (pool full, server not answering);
 * - `statement_timeout`: the server cancels a statement running longer (the connection stays usable);
 * - `query_timeout`: the client gives up on an answer a little later still (the server is not answering
 *   at all: the connection is closed and replaced);
 * - `keepAlive`: the kernel notices a peer that vanished from the network.
 * Raise `statement_timeout` and `query_timeout` together for long reports or migrations.
 */
export const DEFAULT_POOL: PoolOptions = {
  max: 10,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 10_000,
  statement_timeout: 4_000,
  query_timeout: 5_000,
  keepAlive: true,
};

/**
 * Prisma client extensions (`$extends`: soft delete, computed fields, auditing), one step per client.
 * The routed delegates take the extended types, and an extension runs on the client its call was
 * routed to, inside the transaction the call belongs to.
 * @example { shared: (client) => client.$extends(audit), app: (client) => client.$extends(softDelete) }
 */
export interface DbExtensions<S, A> {
  readonly shared?: (client: SharedClient) => S;
  readonly app?: (client: AppClient) => A;
}

export interface DbConfig<S = SharedClient, A = AppClient> {
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
  /**
   * Where the session cache LISTENs for identity changes: a direct connection (not through PgBouncer).
   * @default process.env.SHARED_DIRECT_URL, else sharedDatabaseUrl
   */
  readonly sharedDirectUrl?: string;
  /** Extensions applied to each client before routing. @default none */
  readonly extend?: DbExtensions<S, A>;
}

/** The channel the identity migrations' triggers NOTIFY on (see prisma/shared/migrations). */
export const SESSION_CHANGES_CHANNEL = "userbridge_sessions";
/** The triggers that send those notifications: the feed is never live without them. */
const SESSION_CHANGE_TRIGGERS = [
  "Session_notify_delete",
  "Session_notify_update",
  "User_notify_delete",
  "User_notify_update",
];

/**
 * The routed client of a site: identity models on the shared database (the site's own under the
 * admin), everything else on the site's database.
 * @throws InvalidConfigError naming every missing or malformed database URL.
 * @example const db = createDb(); await db.user.findUnique({ where: { email } });
 */
/** The routed client type: `db.user` is the shared client's delegate, `db.post` the app client's. */
export type Db<S extends object = SharedClient, A extends object = AppClient> = RoutedClient<
  { shared: S; app: A },
  RoutedDelegateNames<(typeof IDENTITY_MODELS)[number]>,
  "app"
> & {
  /** Changes of the identity database that end or alter a session (LISTEN, see SESSION_CHANGES_CHANNEL). */
  readonly $sessionChanges: ChangeFeed;
};

export function createDb<S extends object = SharedClient, A extends object = AppClient>(
  config: DbConfig<S, A> = {},
  env: Record<string, string | undefined> = process.env,
): Db<S, A> {
  const urls = readDatabaseUrls(["shared", "app"], {
    ...env,
    ...(config.sharedDatabaseUrl !== undefined && { [DATABASE_URL_ENV.shared]: config.sharedDatabaseUrl }),
    ...(config.appDatabaseUrl !== undefined && { [DATABASE_URL_ENV.app]: config.appDatabaseUrl }),
  });
  const pool = { ...DEFAULT_POOL, ...config.pool };
  // One pool per database, so one database's exhaustion or outage cannot starve the other.
  const pools = {
    shared: new pg.Pool({ ...pool, connectionString: urls.shared }),
    app: new pg.Pool({ ...pool, connectionString: urls.app }),
  };
  const traced = spanAttributesOnRoute(urls);
  const userHook = config.onRoute;
  const onRoute =
    traced && userHook
      ? (decision: RouteDecision) => {
          traced(decision);
          userHook(decision);
        }
      : (traced ?? userHook);
  const sharedClient = createSharedClient(pools.shared);
  const appClient = createAppClient(pools.app);
  const db = createRoutedClient({
    // Typed as the plain clients here; the result is typed from S and A (Db<S, A>) below.
    clients: {
      shared: (config.extend?.shared?.(sharedClient) ?? sharedClient) as SharedClient,
      app: (config.extend?.app?.(appClient) ?? appClient) as AppClient,
    },
    routedModels: IDENTITY_MODELS,
    defaultClient: "app",
    ...(config.routers && { routers: config.routers }),
    ...(config.strict !== undefined && { strict: config.strict }),
    ...(onRoute && { onRoute }),
  });
  poolsByDb.set(db, pools);
  // Opens its connection only when something subscribes (the session cache does).
  const sessionChanges = changeFeed(
    config.sharedDirectUrl ?? readDirectUrl(env) ?? urls.shared,
    SESSION_CHANGES_CHANNEL,
    {
      requiredTriggers: SESSION_CHANGE_TRIGGERS,
    },
  );
  const disconnect = db.$disconnect;
  return Object.assign(db, {
    $sessionChanges: sessionChanges as ChangeFeed,
    $disconnect: async () => {
      await Promise.all([sessionChanges.close(), disconnect()]);
    },
  }) as unknown as Db<S, A>;
}

const poolsByDb = new WeakMap<object, Record<DatabaseName, pg.Pool>>();

export interface PoolStats {
  /** Connections open (idle + in use). */
  readonly total: number;
  readonly idle: number;
  /** Callers queued for a connection. */
  readonly waiting: number;
}

/** Each database pool's counts, for health checks and leak detection. */
export function poolStats(db: object): Record<DatabaseName, PoolStats> {
  const pools = poolsByDb.get(db);
  if (!pools) throw new TypeError("userbridge: poolStats() takes a client made by createDb()");
  const stats = (pool: pg.Pool) => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  });
  return { shared: stats(pools.shared), app: stats(pools.app) };
}
