import { UnknownModelError } from "./errors.js";
import { hasModel } from "./models.js";
import { OPERATIONS } from "./operations.js";
import type { RouteDecision } from "./policy.js";
import { onReplica } from "./read-targets.js";
import { RoutedPromise } from "./routed-promise.js";
import { isDatabaseUnavailable } from "./unavailable.js";

type DelegateMethod = (args?: unknown) => PromiseLike<unknown>;

/** Routes one call: decides synchronously, then says which client object takes it. */
export interface Dispatcher {
  decide(model: string, operation: string): RouteDecision;
  /** The client object for a decision (a transaction client inside `$transaction`). */
  target(decision: RouteDecision): object;
  /** The model's field references (`db.customer.fields.email`): the same in every client that has the model. */
  fields(model: string): unknown;
  /** For a decision served by a replica: the routed database's own client (its primary). */
  primary?(decision: RouteDecision): object;
  /** A replica could not be reached: take it out of rotation. */
  unavailable?(decision: RouteDecision): void;
  /** Replica failures (other than unreachable) that a primary retry answers. */
  retryOnPrimary?(error: unknown): boolean;
}

/**
 * A replica's answer, or, when the replica cannot be reached, the primary's: a read never fails
 * because a replica did. Lazy like Prisma's promise, and run once however often it is awaited.
 */
function withPrimaryFallback<T>(
  replica: PromiseLike<T>,
  primary: () => PromiseLike<T>,
  markDown: () => void,
  retryable: ((error: unknown) => boolean) | undefined,
): PromiseLike<T> {
  let settled: Promise<T> | undefined;
  return {
    // biome-ignore lint/suspicious/noThenProperty: a lazy thenable, like Prisma's own promise
    then(onfulfilled, onrejected) {
      settled ??= Promise.resolve(replica).catch((error: unknown) => {
        const unreachable = isDatabaseUnavailable(error);
        if (!unreachable && !retryable?.(error)) throw error;
        if (unreachable) markDown();
        return primary();
      });
      return settled.then(onfulfilled, onrejected);
    },
  };
}

function createDelegate(model: string, dispatcher: Dispatcher): object {
  const delegates = new Map<object, Record<string, DelegateMethod>>();
  const delegateOf = (
    decision: RouteDecision,
    client: object = dispatcher.target(decision),
  ): Record<string, DelegateMethod> => {
    let delegate = delegates.get(client);
    if (delegate === undefined) {
      if (!hasModel(client, model))
        throw new UnknownModelError(model, decision.client, `routed by ${decision.reason}`);
      delegate = (client as Record<string, Record<string, DelegateMethod>>)[model] as Record<
        string,
        DelegateMethod
      >;
      delegates.set(client, delegate);
    }
    return delegate;
  };

  const methods = {} as Record<string, DelegateMethod>;
  Object.defineProperty(methods, "fields", { get: () => dispatcher.fields(model), enumerable: true });
  for (const operation of OPERATIONS) {
    const description = `${model}.${operation}`;
    methods[operation] = (args) => {
      const decision = dispatcher.decide(model, operation);
      const method = delegateOf(decision)[operation] as DelegateMethod;
      if (!onReplica(decision) || dispatcher.primary === undefined) {
        return new RoutedPromise(decision.client, description, method(args));
      }
      const primary = dispatcher.primary(decision);
      const onPrimary = () => (delegateOf(decision, primary)[operation] as DelegateMethod)(args);
      const served = withPrimaryFallback(
        method(args),
        onPrimary,
        () => dispatcher.unavailable?.(decision),
        dispatcher.retryOnPrimary,
      );
      return new RoutedPromise(decision.client, description, served, onPrimary);
    };
  }
  return Object.freeze(methods);
}

/**
 * An object whose model properties (`customer`, `order`, ...) are routed delegates, created on first
 * access and then kept as own properties, so later accesses are plain property reads.
 * `isModel` says which names are models (the rest read as `undefined`).
 */
export function withLazyDelegates<T extends object>(
  methods: T,
  dispatcher: Dispatcher,
  isModel: (name: string) => boolean,
): T {
  const models = new Proxy(Object.create(null) as object, {
    get(_target, property, receiver) {
      if (typeof property !== "string" || property.startsWith("$") || !isModel(property)) return undefined;
      const delegate = createDelegate(property, dispatcher);
      Object.defineProperty(receiver, property, { value: delegate, enumerable: true });
      return delegate;
    },
  });
  return Object.assign(Object.create(models) as T, methods);
}
