// The router's read targets for databases with replicas: writes, raw SQL and transactions on the
// primary (and remembered), reads on a replica that has replayed what the request depends on.
import { isReadOperation, RAW_MODEL, type ReadTargets, type RouteDecision } from "@userbridge/router";
import { causalState } from "./causal.js";
import type { ReplicaSet } from "./replica-set.js";

/** Where a routed call was served, and why: the `server` and `serverReason` of a route decision. */
export type ServerReason =
  | "replica"
  | "primary:write"
  | "primary:written"
  | "primary:lagging"
  | "primary:no-replica"
  | "primary:raw"
  | "primary:transaction"
  | "primary:explicit"
  | "primary:no-context";

export interface ReplicatedDatabase {
  readonly set: ReplicaSet;
  /** The replicas' clients, in the set's order. */
  readonly clients: readonly object[];
}

const REPLICA_LABEL = /^replica:(\d+)$/;
const indexOf = (server: string | undefined) => Number(REPLICA_LABEL.exec(server ?? "")?.[1] ?? -1);

function served(decision: RouteDecision, server: string, serverReason: ServerReason): RouteDecision {
  return { ...decision, server, serverReason };
}

export function replicaReadTargets(databases: ReadonlyMap<string, ReplicatedDatabase>): ReadTargets {
  return {
    choose(decision) {
      const database = databases.get(decision.client);
      if (database === undefined) return decision;
      const state = causalState();
      if (decision.model === RAW_MODEL && decision.readOnly === true) {
        // Raw SQL runs on the primary (a function it calls may write); a plain SELECT changes nothing.
        return served(decision, "primary", "primary:raw");
      }
      if (!isReadOperation(decision.operation)) {
        // A write, raw SQL or a transaction: the primary, and this request reads it there from now on.
        state?.written.add(decision.client);
        return served(decision, "primary", "primary:write");
      }
      // Outside any routing context nothing remembers a write (scripts, jobs): read the primary.
      if (state === undefined) return served(decision, "primary", "primary:no-context");
      if (state?.written.has(decision.client)) return served(decision, "primary", "primary:written");
      const choice = database.set.choose(state?.required.get(decision.client));
      if (choice === "no-replica") return served(decision, "primary", "primary:no-replica");
      if (choice === "lagging") return served(decision, "primary", "primary:lagging");
      return served(decision, choice.label, "replica");
    },
    client(decision) {
      return databases.get(decision.client)?.clients[indexOf(decision.server)];
    },
    unavailable(decision) {
      databases.get(decision.client)?.set.markDown(indexOf(decision.server));
    },
    retryOnPrimary: isReplicaOnlyFailure,
  };
}

/**
 * Failures a read gets from a replica that the primary does not give: a recovery conflict (the replica
 * cancelled the read to replay), a replica out of connection slots, or a write it refuses as read-only
 * (an extension that writes on read). Retried on the primary, as reads only ever are.
 */
const REPLICA_ONLY_SQLSTATES = new Set(["40001", "53300", "57P04", "25006"]);
const REPLICA_ONLY_PRISMA_CODES = new Set(["P2034", "P2037"]);

function isReplicaOnlyFailure(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const { code, message } = cause as Error & { code?: unknown };
    if (typeof code === "string" && (REPLICA_ONLY_SQLSTATES.has(code) || REPLICA_ONLY_PRISMA_CODES.has(code)))
      return true;
    if (/conflict with recovery|read-only transaction|too many connections/i.test(message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
