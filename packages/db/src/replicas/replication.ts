// The replicas of a site's two databases, put together for createDb: their clients and watchers, the
// router's read targets, and the causal positions the session cookie carries.
import { createHash } from "node:crypto";
import type { ReadTargets } from "@userbridge/router";
import pg from "pg";
import { describeDatabaseUrl } from "../config.js";
import { observePositions, positionsToCarry } from "./causal.js";
import { parseLsn } from "./lsn.js";
import { type ReplicatedDatabase, replicaReadTargets } from "./read-targets.js";
import { ReplicaSet, type ReplicaState, type ReplicaTuning } from "./replica-set.js";

type DatabaseName = "shared" | "app";

/** The read-your-writes positions of a request, for the session cookie (`db.$causal`). */
export interface CausalPositions {
  /** Raises this request's required positions to those a cookie carried (`{ [key]: "16/B374D848" }`). */
  observe(positions: Readonly<Record<string, string>>): void;
  /** What the user's next request must find replayed (`{}` without replicas, or when nothing was written). */
  carry(): Promise<Record<string, string>>;
}

/** The replicas' state, for health checks (`db.$replicas`). */
export interface ReplicasStatus {
  /** Resolves once every replica has been polled once (until then reads go to the primaries). */
  ready(): Promise<void>;
  /** Each database's replicas: in rotation or not, replay position, lag. */
  status(): Record<DatabaseName, readonly ReplicaState[]>;
}

export interface Replication {
  /** `undefined` without replicas: the router then serves every call from the primaries, as always. */
  readonly readTargets: ReadTargets | undefined;
  readonly causal: CausalPositions;
  readonly replicas: ReplicasStatus;
  close(): Promise<void>;
}

const CURRENT_POSITION = "SELECT pg_current_wal_insert_lsn()::text AS lsn";
/** How far past the primary's last sampled position a carried position may be (WAL of a poll interval). */
const BELIEVABLE_AHEAD = 1n << 30n;

/**
 * A database's key in the cookie: the identity database is `shared` on every site that shares the login;
 * a site's own database is `app:` and a hash of its address, so that another site ignores it.
 */
function databaseKey(database: DatabaseName, url: string): string {
  if (database === "shared") return "shared";
  return `app:${createHash("sha256").update(describeDatabaseUrl(url)).digest("hex").slice(0, 12)}`;
}

export function startReplication(options: {
  readonly urls: Readonly<Record<DatabaseName, string>>;
  readonly replicaUrls: Readonly<Record<DatabaseName, readonly { url: string; description: string }[]>>;
  /** The primaries' pools: where a position to carry is read. */
  readonly primaryPools: Readonly<Record<DatabaseName, pg.Pool>>;
  /** A client of `database`'s schema over `pool` (extensions applied), for a replica. */
  readonly clientFor: (database: DatabaseName, pool: pg.Pool) => object & { $disconnect(): Promise<void> };
  readonly pool: pg.PoolConfig;
  readonly tuning?: ReplicaTuning;
  readonly warn?: (message: string) => void;
}): Replication {
  const databases = new Map<string, ReplicatedDatabase>();
  const clients: { $disconnect(): Promise<void> }[] = [];
  const sets: Partial<Record<DatabaseName, ReplicaSet>> = {};
  for (const database of ["shared", "app"] as const) {
    const replicas = options.replicaUrls[database];
    if (replicas.length === 0) continue;
    const set = new ReplicaSet({
      database,
      primaryUrl: options.urls[database],
      replicas,
      ...(options.tuning && { tuning: options.tuning }),
      ...(options.warn && { warn: options.warn }),
    });
    const replicaClients = replicas.map(({ url }) =>
      options.clientFor(database, new pg.Pool({ ...options.pool, connectionString: url })),
    );
    clients.push(...replicaClients);
    databases.set(database, { set, clients: replicaClients });
    sets[database] = set;
  }
  const started = Promise.all(Object.values(sets).map((set) => set.start()));
  started.catch(() => {}); // a poll's failure is a replica out of rotation, never an error

  const keys = Object.fromEntries(
    (["shared", "app"] as const).map((database) => [database, databaseKey(database, options.urls[database])]),
  ) as Record<DatabaseName, string>;
  const namesByKey = new Map(Object.entries(keys).map(([database, key]) => [key, database]));
  const replicated: ReadonlySet<string> = new Set(databases.keys());

  const causal: CausalPositions =
    databases.size === 0
      ? { observe: () => {}, carry: async () => ({}) }
      : {
          observe(positions) {
            const byName: Record<string, string> = {};
            for (const [key, text] of Object.entries(positions)) {
              const database = namesByKey.get(key);
              if (database !== undefined) byName[database] = text;
            }
            for (const [database, text] of Object.entries(byName)) {
              // A position far beyond anything the primary has written (a restored or rebuilt cluster)
              // would keep this user on the primary for good: it is not believed.
              const primary = sets[database as DatabaseName]?.primaryPosition;
              const lsn = parseLsn(text);
              if (primary !== undefined && lsn !== undefined && lsn > primary + BELIEVABLE_AHEAD) {
                delete byName[database];
              }
            }
            observePositions(byName, replicated);
          },
          async carry() {
            const positions = await positionsToCarry(async (database) =>
              replicated.has(database)
                ? parseLsn(
                    (
                      await options.primaryPools[database as DatabaseName].query<{ lsn: string }>(
                        CURRENT_POSITION,
                      )
                    ).rows[0]?.lsn,
                  )
                : undefined,
            );
            return Object.fromEntries(
              Object.entries(positions).map(([database, lsn]) => [keys[database as DatabaseName], lsn]),
            );
          },
        };

  return {
    readTargets: databases.size === 0 ? undefined : replicaReadTargets(databases),
    causal,
    replicas: {
      ready: () => started.then(() => undefined),
      status: () => ({ shared: sets.shared?.states ?? [], app: sets.app?.states ?? [] }),
    },
    async close() {
      await Promise.all([
        ...Object.values(sets).map((set) => set.close()),
        ...clients.map((client) => client.$disconnect()),
      ]);
    },
  };
}
