import type { RouteDecision } from "./policy.js";

/** The `server` of a decision served by the routed client itself (its primary). */
export const PRIMARY_SERVER = "primary";

/**
 * Where a routed database's calls are served when it has read replicas: after the routers pick the
 * database, `choose` picks the server (`server`, `serverReason` on the decision). `@userbridge/db`
 * supplies it for `createDb({ replicas })`; without it every call is served by the client itself.
 */
export interface ReadTargets {
  /** The decision with `server` (`"primary"`, `"replica:0"`, ...) and `serverReason` set, or as it is. */
  choose(decision: RouteDecision): RouteDecision;
  /** The client object of a decision whose server is not the primary. */
  client(decision: RouteDecision): object | undefined;
  /** A call on that server failed to reach it: it leaves the rotation (the call is retried on the primary). */
  unavailable(decision: RouteDecision): void;
  /**
   * Whether a read that failed on a replica with `error` is retried on the primary (besides an
   * unreachable replica: a recovery conflict, a full replica, ...). @default only unreachable ones
   */
  retryOnPrimary?(error: unknown): boolean;
}

/** Whether `decision` is served by something other than the routed client itself. */
export function onReplica(decision: RouteDecision): boolean {
  return decision.server !== undefined && decision.server !== PRIMARY_SERVER;
}
