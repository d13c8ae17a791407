import { PrismaClient as SharedPrismaClient } from "@userbridge/clients/shared";
import {
  createRoutedClient,
  type DatabaseRouter,
  hasModel,
  type RouteDecision,
  type RoutedClient,
  UnknownModelError,
} from "@userbridge/router";
import pg from "pg";
import { type ChangeFeed, changeFeed } from "./change-feed.js";
import { type DatabaseName, databaseUrlVariable, readDatabaseUrls, readDirectUrl } from "./config.js";
import { IDENTITY_MODELS, type IdentityModel, identityRouter } from "./identity-router.js";
import { createPreload, type Preloaded, type PreloadRelations, type RelationsArgument } from "./preload.js";
import { createPrismaClient, type PoolOptions, type PrismaClientClass } from "./prisma-client.js";
import { type ReplicaUrls, readReplicaUrls } from "./replicas/replica-config.js";
import type { ReplicaTuning } from "./replicas/replica-set.js";
import { type CausalPositions, type ReplicasStatus, startReplication } from "./replicas/replication.js";
import { spanAttributesOnRoute } from "./telemetry.js";

/** The identity database's client (prisma/shared). */
export type SharedClient = SharedPrismaClient;

/**
 * Every wait is bounded. pg's defaults wait forever, for a free connection and for an answer; here a
 * database that is down, frozen (a stopped process, a dead network path) or overloaded becomes a
 * DatabaseUnavailableError (503) within about 5 s instead of a hung request:
 * - `connectionTimeoutMillis`: at most this long to get a connection (pool full, server not answering);
 * - `statement_timeout`: the server cancels a statement running longer (the connection stays usable);
 * - `query_timeout`: the client gives up on an answer a little later still (the server is not answering
 *   at all: the connection is closed and replaced);
 * - `keepAlive`: the kernel notices a peer that vanished from the network.
 * Raise `statement_timeout` and `query_timeout` together for long reports or migrations. Behind PgBouncer,
 * which refuses `statement_timeout` as a startup parameter, pass `pool: { statement_timeout: false }` and
 * set it on the server (`ALTER ROLE ... SET statement_timeout = '4s'`): README "Behind PgBouncer".
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
export interface DbExtensions<AC, S, A> {
  /** @default none */
  readonly shared?: (client: SharedClient) => S;
  /** @default none */
  readonly app?: (client: AC) => A;
}

export interface DbConfig<AC = SharedClient, S = SharedClient, A = AC> {
  /**
   * This site's generated PrismaClient class: its own models, plus the identity models for its admin.
   * Every delegate type is inferred from it. Required.
   * @example import { PrismaClient } from "@userbridge/clients/app"; createDb({ appClient: PrismaClient })
   */
  readonly appClient: PrismaClientClass<AC>;
  /** The identity database. @default process.env.SHARED_DATABASE_URL */
  readonly sharedDatabaseUrl?: string;
  /** This site's own database. @default process.env.APP_DATABASE_URL */
  readonly appDatabaseUrl?: string;
  /** Pool settings, applied to each database's own pool. @default DEFAULT_POOL */
  readonly pool?: PoolOptions;
  /** Your routers, tried before the identity router (see identityRouter). @default [] */
  readonly routers?: readonly DatabaseRouter<"shared" | "app">[];
  /** Throw MissingRoutingContextError for calls outside a routing context. @default false */
  readonly strict?: boolean;
  /** Called with every routing decision. @default none (OpenTelemetry attributes when its API is present) */
  readonly onRoute?: (decision: RouteDecision) => void;
  /**
   * Where the session cache LISTENs for identity changes: a direct connection (not through PgBouncer).
   * @default process.env.SHARED_DIRECT_URL, else sharedDatabaseUrl
   */
  readonly sharedDirectUrl?: string;
  /** Extensions applied to each client before routing (replicas' clients too). @default none */
  readonly extend?: DbExtensions<AC, S, A>;
  /**
   * Read replicas of each database (streaming standbys): reads go to one that has replayed what the
   * request depends on, else to the primary (README: "Read replicas").
   * @default process.env.SHARED_REPLICA_URLS / APP_REPLICA_URLS (comma-separated), else none
   */
  readonly replicas?: ReplicaUrls;
  /** How replicas are watched: poll interval, the lag that takes one out of rotation. @default DEFAULT_REPLICA_TUNING */
  readonly replicaTuning?: ReplicaTuning;
  /** Where operational warnings go (every replica of a database out of rotation). @default console.warn */
  readonly warn?: (message: string) => void;
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

/** Every identity model's delegate is typed as the shared client's. */
export type IdentityModelClients = { readonly [K in IdentityModel]: "shared" };

/**
 * The routed client type: `db.user` is the shared client's delegate, `db.post` the site client's.
 * `Db` alone is a site's client typed with the identity delegates only (every site schema has them).
 */
export type Db<A extends object = SharedClient, S extends object = SharedClient> = RoutedDb<A, S> &
  PreloadMethod & {
    /** Changes of the identity database that end or alter a session (LISTEN, see SESSION_CHANGES_CHANNEL). */
    readonly $sessionChanges: ChangeFeed;
    /** Read-your-writes positions for the session cookie (no-ops without replicas). */
    readonly $causal: CausalPositions;
    /** The read replicas' state: `ready()`, `status()`. */
    readonly $replicas: ReplicasStatus;
  };

type RoutedDb<A extends object, S extends object> = RoutedClient<
  { shared: S; app: A },
  IdentityModelClients,
  "app"
>;

/** `$preload`, typed from the client it is called on. */
export interface PreloadMethod {
  /** Related rows across the two databases, one `IN (...)` query per relation (README: "Related rows"). */
  $preload<Row extends object, const Relations extends PreloadRelations>(
    rows: readonly Row[],
    relations: RelationsArgument<this, Row, Relations>,
  ): Promise<Preloaded<this, Row, Relations>[]>;
}

/**
 * The routed client of a site: identity models on the shared database (the site's own under the
 * admin), everything else on the site's database.
 * @throws InvalidConfigError naming every missing or malformed database URL.
 * @throws UnknownModelError when the site's schema lacks an identity model (its admin needs them all).
 * @example
 * import { PrismaClient } from "@userbridge/clients/app";
 * const db = createDb({ appClient: PrismaClient });
 * await db.user.findUnique({ where: { email } });
 */
export function createDb<AC extends object, S extends object = SharedClient, A extends object = AC>(
  config: DbConfig<AC, S, A>,
  env: Record<string, string | undefined> = process.env,
): Db<A, S> {
  const urls = readDatabaseUrls(["shared", "app"], {
    ...env,
    ...(config.sharedDatabaseUrl !== undefined && {
      [databaseUrlVariable("shared")]: config.sharedDatabaseUrl,
    }),
    ...(config.appDatabaseUrl !== undefined && { [databaseUrlVariable("app")]: config.appDatabaseUrl }),
  });
  const pool = { ...DEFAULT_POOL, ...config.pool };
  // One pool per database, so one database's exhaustion or outage cannot starve the other.
  const pools = {
    shared: new pg.Pool({ ...pool, connectionString: urls.shared }),
    app: new pg.Pool({ ...pool, connectionString: urls.app }),
  };
  const replicaUrls = readReplicaUrls(config.replicas, env);
  const traced = spanAttributesOnRoute(urls, {
    shared: replicaUrls.shared.map(({ url }) => url),
    app: replicaUrls.app.map(({ url }) => url),
  });
  const userHook = config.onRoute;
  const onRoute =
    traced && userHook
      ? (decision: RouteDecision) => {
          traced(decision);
          userHook(decision);
        }
      : (traced ?? userHook);
  // Each database's client over a pool, with its extensions: the primary's and every replica's.
  const sharedOver = (over: pg.Pool) => {
    const client = createPrismaClient(SharedPrismaClient, over);
    return (config.extend?.shared?.(client) ?? client) as S;
  };
  const appOver = (over: pg.Pool) => {
    const client = createPrismaClient(config.appClient, over);
    return (config.extend?.app?.(client) ?? client) as A;
  };
  const clients = { shared: sharedOver(pools.shared), app: appOver(pools.app) };
  for (const model of IDENTITY_MODELS) {
    if (!hasModel(clients.app, model))
      throw new UnknownModelError(
        model,
        "app",
        "a site's schema declares every identity model, for its admin: copy them from prisma/shared, then `pnpm db:check`",
      );
  }
  const replication = startReplication({
    urls,
    replicaUrls,
    primaryPools: pools,
    pool,
    clientFor: (database, over) => (database === "shared" ? sharedOver(over) : appOver(over)) as SharedClient,
    ...(config.replicaTuning && { tuning: config.replicaTuning }),
    ...(config.warn && { warn: config.warn }),
  });
  const routers: readonly DatabaseRouter<"shared" | "app">[] = [
    ...(config.routers ?? []),
    identityRouter({ shared: "shared", site: "app" }),
  ];
  const db = createRoutedClient({
    clients,
    defaultClient: "app",
    modelClients: Object.fromEntries(
      IDENTITY_MODELS.map((model) => [model, "shared"]),
    ) as IdentityModelClients,
    routers,
    ...(config.strict !== undefined && { strict: config.strict }),
    ...(onRoute && { onRoute }),
    ...(replication.readTargets && { readTargets: replication.readTargets }),
  });
  poolsByDb.set(db, pools);
  // Opens its connection only when something subscribes (the session cache does).
  const sessionChanges = changeFeed(
    config.sharedDirectUrl ?? readDirectUrl("shared", env) ?? urls.shared,
    SESSION_CHANGES_CHANNEL,
    { requiredTriggers: SESSION_CHANGE_TRIGGERS },
  );
  const disconnect = db.$disconnect;
  return Object.assign(db, {
    $sessionChanges: sessionChanges as ChangeFeed,
    $preload: createPreload(db),
    $causal: replication.causal,
    $replicas: replication.replicas,
    $disconnect: async () => {
      await Promise.all([sessionChanges.close(), replication.close(), disconnect()]);
    },
  }) as unknown as Db<A, S>;
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
