import { AsyncLocalStorage } from "node:async_hooks";

/** What a request's routing depends on: `admin` (set by the adapters from the path), plus whatever your routers read. */
export interface RoutingContext {
  /**
   * The request is for the admin area (`/admin`, decided by readRequestPath); what that means is the
   * routers' business (`@userbridge/db`'s identityRouter: the site's own tables). @default false
   */
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
 * @example runWithRouting({ admin: true }, () => db.customer.findMany())
 */
export function runWithRouting<R>(ctx: RoutingContext, fn: () => R): R {
  const outer = storage.getStore();
  // A request's outermost entry gets its own scratch space (requestState); nested entries share it.
  const scope = scopeOf(outer) ?? new Map<symbol, unknown>();
  const next = outer === undefined ? { ...ctx } : { ...outer, ...ctx };
  // Not enumerable: the context a router or a test sees is exactly the keys given.
  Object.defineProperty(next, REQUEST, { value: scope, enumerable: false });
  return storage.run(next, fn);
}

// Symbol.for: one key even when bundlers load this module twice (the store itself is one per process).
const REQUEST = Symbol.for("userbridge.router.request");
const scopeOf = (ctx: RoutingContext | undefined) =>
  (ctx as { [REQUEST]?: Map<symbol, unknown> } | undefined)?.[REQUEST];

/**
 * Per-request state of the layers below the routers (read-your-writes keeps what a request wrote here):
 * the value under `key` in the current request's scratch space, created by `create` on first use.
 * `undefined` outside any routing context. Each outermost runWithRouting is one request.
 */
export function requestState<T>(key: symbol, create: () => T): T | undefined {
  const scope = scopeOf(storage.getStore());
  if (scope === undefined) return undefined;
  let value = scope.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    scope.set(key, value);
  }
  return value;
}

/** The current routing context, or `undefined` outside `runWithRouting`. */
export function getRoutingContext(): RoutingContext | undefined {
  return storage.getStore();
}
