import { AsyncLocalStorage } from "node:async_hooks";

/** What a request's routing depends on: `admin` for the built-in policy, plus whatever your routers read. */
export interface RoutingContext {
  /** Route the auth and session models to the site's own database (its admin). @default false */
  readonly admin?: boolean;
  readonly [key: string]: unknown;
}

// One store per process even when bundlers or Next.js load this module twice.
const STORE_KEY = Symbol.for("userbridge.router.routingContext");
const globalStore = globalThis as { [STORE_KEY]?: AsyncLocalStorage<RoutingContext> };
globalStore[STORE_KEY] ??= new AsyncLocalStorage();
const storage: AsyncLocalStorage<RoutingContext> = globalStore[STORE_KEY];

/**
 * Runs `fn` with `ctx` as the routing context of everything it awaits or schedules. Inside another
 * context, `ctx` is laid over it: keys it does not set are inherited (a `{ tenant }` inside an admin
 * request stays admin).
 * Enter it once per request (the middleware does): each entry costs, each lookup inside is cheap.
 * @example runWithRouting({ admin: true }, () => db.user.findMany())
 */
export function runWithRouting<R>(ctx: RoutingContext, fn: () => R): R {
  const outer = storage.getStore();
  return storage.run(outer === undefined ? ctx : { ...outer, ...ctx }, fn);
}

/** The current routing context, or `undefined` outside `runWithRouting`. */
export function getRoutingContext(): RoutingContext | undefined {
  return storage.getStore();
}
