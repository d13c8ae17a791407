// ============================================================================================================
// THE USERBRIDGE SIDE of `pnpm bench:replicas` (issue #12): createDb with read replicas. Everything else in the
// benchmark (the pair, the extension, the loops) only calls what this file exports.
// ============================================================================================================
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import type { PrismaClient as SharedPrismaClient } from "@userbridge/clients/shared";
import { type RouteDecision, runWithRouting } from "@userbridge/router";
import { createDb, type Db, DEFAULT_POOL } from "../src/create-db.js";
import type { PoolOptions } from "../src/prisma-client.js";

export interface Urls {
  readonly shared: { readonly primary: string; readonly standby: string };
  readonly app: { readonly primary: string; readonly standby: string };
}

export const BENCH_POOL: PoolOptions = { ...DEFAULT_POOL, max: 10, connectionTimeoutMillis: 10_000 };

export type UserbridgeDb = Db<AppClient, SharedPrismaClient>;

/**
 * A site's routed client; `withReplicas` gives each database its standby as its one replica (default tuning:
 * polled every 100 ms). The environment is not read (no *_REPLICA_URLS from the shell), and the client is
 * returned once its replicas have been polled (until then every read would go to the primary).
 */
export async function userbridgeDb(
  urls: Urls,
  options: { withReplicas: boolean; onRoute?: (decision: RouteDecision) => void },
): Promise<UserbridgeDb> {
  const db = createDb(
    {
      appClient: AppClient,
      sharedDatabaseUrl: urls.shared.primary,
      appDatabaseUrl: urls.app.primary,
      pool: BENCH_POOL,
      ...(options.onRoute && { onRoute: options.onRoute }),
      ...(options.withReplicas && { replicas: { shared: [urls.shared.standby], app: [urls.app.standby] } }),
    },
    {},
  );
  await db.$replicas.ready();
  return db;
}

/** `db.$primary()`: the same routing, every read on the primary. */
export function primaryOf(db: UserbridgeDb): { client: ReturnType<UserbridgeDb["$primary"]>; label: string } {
  return { client: db.$primary(), label: "db.$primary()" };
}

/** `db.$causal.carry()` in the current request: the positions the session cookie would carry. */
export const carryPosition = (db: UserbridgeDb) => db.$causal.carry();

/**
 * Runs `fn` as the user's next request: its own routing context, which first observes the positions the
 * previous one carried, as the session cookie hands them over (through JSON, as a cookie would).
 */
export const nextRequestWith =
  (db: UserbridgeDb) =>
  <T>(positions: Record<string, string>, fn: () => Promise<T>): Promise<T> =>
    runWithRouting({ admin: false }, () => {
      db.$causal.observe(JSON.parse(JSON.stringify(positions)) as Record<string, string>);
      return fn();
    });
