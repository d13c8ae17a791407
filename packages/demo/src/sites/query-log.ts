// The queries one request ran, for the panel below every page: the site's db reports each routing
// decision (`onRoute`), and an AsyncLocalStorage gives every request a list of its own, so concurrent
// requests never see each other's queries.
import { AsyncLocalStorage } from "node:async_hooks";
import type { RouteDecision } from "@userbridge/db";

export interface QueryLog {
  /** The site db's `onRoute`: adds the decision to the current request's list (dropped outside a request). */
  readonly record: (decision: RouteDecision) => void;
  /** Runs `fn` (one request) with an empty list of its own. */
  run<T>(fn: () => T): T;
  /** The current request's decisions so far, in the order they were made (a copy; empty outside a request). */
  current(): readonly RouteDecision[];
}

export function createQueryLog(): QueryLog {
  const storage = new AsyncLocalStorage<RouteDecision[]>();
  return {
    record: (decision) => {
      storage.getStore()?.push(decision);
    },
    run: (fn) => storage.run([], fn),
    current: () => [...(storage.getStore() ?? [])],
  };
}
