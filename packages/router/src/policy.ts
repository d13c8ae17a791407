import { getRoutingContext, type RoutingContext } from "./context.js";
import { MissingRoutingContextError, UnknownClientError } from "./errors.js";
import { isReadOperation } from "./operations.js";

/**
 * Like one entry of Django's DATABASE_ROUTERS: return a client name to decide, `undefined` to pass.
 * `model` is the delegate name (`user`, `post`).
 */
export interface DatabaseRouter<Name extends string = string> {
  /** Shown in route traces. @default the router's index in `routers` */
  readonly name?: string;
  dbForRead?(model: string, ctx: RoutingContext | undefined): Name | undefined;
  dbForWrite?(model: string, ctx: RoutingContext | undefined): Name | undefined;
}

/** Why a call went where it went: a router decided, or the built-in policy's rule. */
export type RouteReason = "router" | "admin" | "routed-model" | "default";

export interface RouteDecision {
  readonly model: string;
  readonly operation: string;
  readonly client: string;
  readonly reason: RouteReason;
  /** The deciding router's name, when `reason` is `"router"`. */
  readonly router?: string;
}

export interface RoutePolicyOptions {
  readonly clientNames: readonly string[];
  readonly routedModels: ReadonlySet<string>;
  readonly routers: readonly DatabaseRouter[];
  readonly defaultClient: string;
  readonly strict: boolean;
}

/**
 * The one place that decides routing: routers in order, then the built-in policy
 * (admin -> "app"; routed model -> "shared"; anything else -> the default client).
 * Called synchronously when a delegate method is called, so the context is the caller's.
 */
export function createRoutePolicy(
  options: RoutePolicyOptions,
): (model: string, operation: string) => RouteDecision {
  const { clientNames, routedModels, routers, defaultClient, strict } = options;
  const known = new Set(clientNames);

  return (model, operation) => {
    const ctx = getRoutingContext();
    if (ctx === undefined && strict) throw new MissingRoutingContextError(model, operation);

    if (routers.length > 0) {
      const read = isReadOperation(operation);
      for (let index = 0; index < routers.length; index++) {
        const router = routers[index] as DatabaseRouter;
        const client = read ? router.dbForRead?.(model, ctx) : router.dbForWrite?.(model, ctx);
        if (client === undefined || client === null) continue;
        if (!known.has(client)) throw new UnknownClientError(client, clientNames);
        return { model, operation, client, reason: "router", router: router.name ?? String(index) };
      }
    }
    if (ctx?.admin === true) return { model, operation, client: "app", reason: "admin" };
    if (routedModels.has(model)) return { model, operation, client: "shared", reason: "routed-model" };
    return { model, operation, client: defaultClient, reason: "default" };
  };
}
