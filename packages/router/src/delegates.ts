import { UnknownModelError } from "./errors.js";
import { hasModel } from "./models.js";
import { OPERATIONS } from "./operations.js";
import type { RouteDecision } from "./policy.js";
import { RoutedPromise } from "./routed-promise.js";

type DelegateMethod = (args?: unknown) => PromiseLike<unknown>;

/** Routes one call: decides synchronously, then says which client object takes it. */
export interface Dispatcher {
  decide(model: string, operation: string): RouteDecision;
  /** The client object for a decision (a transaction client inside `$transaction`). */
  target(decision: RouteDecision): object;
  /** The model's field references (`db.user.fields.email`): the same in every client that has the model. */
  fields(model: string): unknown;
}

function createDelegate(model: string, dispatcher: Dispatcher): object {
  const delegates = new Map<object, Record<string, DelegateMethod>>();
  const delegateOf = (decision: RouteDecision): Record<string, DelegateMethod> => {
    const client = dispatcher.target(decision);
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
      return new RoutedPromise(decision.client, description, method(args));
    };
  }
  return Object.freeze(methods);
}

/**
 * An object whose model properties (`user`, `post`, ...) are routed delegates, created on first
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
