import { getRoutingContext, type RoutingContext } from "./context.js";
import { MissingRoutingContextError, UnknownClientError } from "./errors.js";
import { isReadOperation } from "./operations.js";

/** A router's answer with its reason, shown in route traces (`{ client: "replica", reason: "reports" }`). */
export interface RouteChoice<Name extends string = string> {
  readonly client: Name;
  readonly reason: string;
}

/** A client name (reason `"router"`), a choice with its reason, or `undefined` to let the next router decide. */
export type RouterAnswer<Name extends string> = Name | RouteChoice<Name> | undefined;

/**
 * Like one entry of Django's DATABASE_ROUTERS: return a client name to decide, `undefined` to pass.
 * `model` is the delegate name (the model's name with a lower-case first letter).
 */
export interface DatabaseRouter<Name extends string = string> {
  /** Shown in route traces. @default the router's index in `routers` */
  readonly name?: string;
  dbForRead?(model: string, ctx: RoutingContext | undefined): RouterAnswer<Name>;
  dbForWrite?(model: string, ctx: RoutingContext | undefined): RouterAnswer<Name>;
  /** The database of an interactive `$transaction` that names no `client`. */
  dbForTransaction?(ctx: RoutingContext | undefined): RouterAnswer<Name>;
}

/**
 * Why a call went where it went: the deciding router's reason (`"router"` when it gave a bare name),
 * `"default"` when no router decided, `"pinned"` for `$pinned(name)`.
 */
export type RouteReason = string;

export interface RouteDecision {
  readonly model: string;
  readonly operation: string;
  readonly client: string;
  readonly reason: RouteReason;
  /** The deciding router's name, when a router decided. */
  readonly router?: string;
  /** With read replicas: who served it, `"primary"` or `"replica:<index>"` (see ReadTargets). */
  readonly server?: string;
  /** With read replicas: why that server (`replica`, `primary:written`, `primary:lagging`, ...). */
  readonly serverReason?: string;
  /** Raw SQL that only reads (a `$queryRaw` whose statement starts with SELECT): not a write. */
  readonly readOnly?: boolean;
}

export interface RoutePolicyOptions {
  readonly clientNames: readonly string[];
  readonly routers: readonly DatabaseRouter[];
  readonly defaultClient: string;
  readonly strict: boolean;
}

/** The model name a transaction's decision carries in traces. */
export const TRANSACTION_MODEL = "$transaction";

/**
 * The one place that decides routing: the routers in order, then the default client.
 * Called synchronously when a delegate method is called, so the context is the caller's.
 * `operation` `"$transaction"` asks for an interactive transaction's database.
 */
export function createRoutePolicy(
  options: RoutePolicyOptions,
): (model: string, operation: string) => RouteDecision {
  const { clientNames, routers, defaultClient, strict } = options;
  const known = new Set(clientNames);

  return (model, operation) => {
    const ctx = getRoutingContext();
    if (ctx === undefined && strict) throw new MissingRoutingContextError(model, operation);

    const transaction = operation === TRANSACTION_MODEL;
    const read = !transaction && isReadOperation(operation);
    for (let index = 0; index < routers.length; index++) {
      const router = routers[index] as DatabaseRouter;
      const answer = transaction
        ? router.dbForTransaction?.(ctx)
        : read
          ? router.dbForRead?.(model, ctx)
          : router.dbForWrite?.(model, ctx);
      if (answer === undefined || answer === null) continue;
      const { client, reason } = typeof answer === "string" ? { client: answer, reason: "router" } : answer;
      if (!known.has(client)) throw new UnknownClientError(client, clientNames);
      return { model, operation, client, reason, router: router.name ?? String(index) };
    }
    return { model, operation, client: defaultClient, reason: "default" };
  };
}
