import { getRoutingContext } from "./context.js";
import { type Dispatcher, withLazyDelegates } from "./delegates.js";
import { UnknownClientError, UnknownModelError } from "./errors.js";
import { AUTH_MODELS, hasModel, type ModelName, toDelegateName } from "./models.js";
import { createRoutePolicy, type DatabaseRouter, type RouteDecision } from "./policy.js";
import { nameUnavailableDatabase, RoutedPromise } from "./routed-promise.js";
import { assertInTransaction, batchClient } from "./transactions.js";
import type {
  BatchTransactionOptions,
  ClientMap,
  ClientName,
  DelegateKeys,
  InteractiveTransactionOptions,
  RoutedClient,
} from "./types.js";

export interface RoutedClientOptions<
  C extends ClientMap,
  RoutedModel extends ModelName<DelegateKeys<C["shared"]>>,
  Default extends ClientName<C>,
> {
  /** The Prisma clients by name; the built-in policy uses `shared` and `app`. */
  readonly clients: C;
  /**
   * Models sent to `shared` outside the admin, as delegate (`user`) or model (`User`) names.
   * @default ["user", "account", "session", "verificationToken"] (Auth.js' auth and session models)
   */
  readonly routedModels?: readonly RoutedModel[];
  /** Tried in order before the built-in policy, like Django's DATABASE_ROUTERS. @default [] */
  readonly routers?: readonly DatabaseRouter<ClientName<C>>[];
  /** Where models that are not routed go, and where raw queries on the facade go. @default "app" */
  readonly defaultClient?: Default;
  /** Throw MissingRoutingContextError for a call outside any routing context. @default false */
  readonly strict?: boolean;
  /** Called with every routing decision (logs, OpenTelemetry, tests). */
  readonly onRoute?: (decision: RouteDecision) => void;
}

/** The routed delegate names: the given models', or AUTH_MODELS when none were given. */
export type RoutedDelegateNames<RoutedModel extends string> = [RoutedModel] extends [never]
  ? (typeof AUTH_MODELS)[number]
  : Uncapitalize<RoutedModel>;

const RAW_METHODS = ["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe"] as const;

type PrismaLike = Record<string, unknown> & {
  $connect?(): Promise<void>;
  $disconnect?(): Promise<void>;
  $transaction(arg: unknown, options?: unknown): Promise<unknown>;
};

/**
 * The raw-SQL methods of `client` that exist, returning routed promises: lazy, usable in a batch
 * `$transaction` on that client, and naming the database when it is unreachable.
 */
function rawMethodsOf(client: object, clientName: string): Record<string, unknown> {
  const routed: Record<string, unknown> = {};
  for (const name of RAW_METHODS) {
    const method = (client as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    routed[name] = (...args: unknown[]) => new RoutedPromise(clientName, name, method.apply(client, args));
  }
  return routed;
}

/**
 * One client that sends each model call to the database its router chain picks.
 * @example
 * const db = createRoutedClient({ clients: { shared, app } });
 * await runWithRouting({ admin: false }, () => db.user.findMany()); // shared
 */
export function createRoutedClient<
  const C extends ClientMap,
  const RoutedModel extends ModelName<DelegateKeys<C["shared"]>> = never,
  const Default extends ClientName<C> = "app",
>(
  options: RoutedClientOptions<C, RoutedModel, Default>,
): RoutedClient<C, RoutedDelegateNames<RoutedModel>, Default> {
  const clients = options.clients as unknown as Record<string, PrismaLike>;
  const clientNames = Object.keys(clients);
  const defaultClient: string = options.defaultClient ?? "app";
  const routedModels = new Set((options.routedModels ?? AUTH_MODELS).map(toDelegateName));

  for (const name of ["shared", "app", defaultClient]) {
    if (!(name in clients)) throw new UnknownClientError(name, clientNames);
  }
  for (const model of routedModels) {
    // Outside the admin a routed model goes to shared; inside it, to the site's own (app) tables.
    for (const name of ["shared", "app"]) {
      if (!hasModel(clients[name] as object, model))
        throw new UnknownModelError(model, name, "listed in routedModels");
    }
  }

  const decide = createRoutePolicy({
    clientNames,
    routedModels,
    routers: options.routers ?? [],
    defaultClient,
    strict: options.strict ?? false,
  });
  const { onRoute } = options;
  const traced = onRoute
    ? (model: string, operation: string) => {
        const decision = decide(model, operation);
        onRoute(decision);
        return decision;
      }
    : decide;
  const isModel = (name: string) => clientNames.some((client) => hasModel(clients[client] as object, name));
  const using = (name: string): PrismaLike => {
    const client = clients[name];
    if (client === undefined) throw new UnknownClientError(name, clientNames);
    return client;
  };

  const dispatcher: Dispatcher = { decide: traced, target: (decision) => using(decision.client) };

  function interactive(
    fn: (tx: unknown) => Promise<unknown>,
    txOptions: InteractiveTransactionOptions<string> = {},
  ) {
    const { client: chosen, ...prismaOptions } = txOptions;
    const name = chosen ?? (getRoutingContext()?.admin === true ? "app" : defaultClient);
    const client = using(name);
    return client
      .$transaction((tx: object) => {
        const txDispatcher: Dispatcher = {
          decide: (model, operation) => {
            const decision = traced(model, operation);
            assertInTransaction(name, decision.client, `${model}.${operation}`);
            return decision;
          },
          target: () => tx,
        };
        return fn(withLazyDelegates(rawMethodsOf(tx, name), txDispatcher, isModel));
      }, prismaOptions)
      .catch(nameUnavailableDatabase(name));
  }

  function batch(operations: readonly unknown[], batchOptions: BatchTransactionOptions<string> = {}) {
    const { client: required, ...prismaOptions } = batchOptions;
    const name = batchClient(operations, required);
    if (name === undefined) return Promise.resolve([]);
    const originals = operations.map((operation) => (operation as { prismaPromise: unknown }).prismaPromise);
    return using(name).$transaction(originals, prismaOptions).catch(nameUnavailableDatabase(name));
  }

  const methods = {
    ...rawMethodsOf(using(defaultClient), defaultClient),
    $using: using,
    $routeOf: (model: string, operation = "findMany") => decide(toDelegateName(model), operation).client,
    $transaction: (arg: unknown, txOptions?: object) => {
      try {
        return Array.isArray(arg)
          ? batch(arg, txOptions)
          : interactive(arg as (tx: unknown) => Promise<unknown>, txOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    $connect: async () => {
      await Promise.all(Object.values(clients).map((client) => client.$connect?.()));
    },
    $disconnect: async () => {
      const results = await Promise.allSettled(
        Object.values(clients).map((client) => client.$disconnect?.()),
      );
      const failure = results.find((result) => result.status === "rejected");
      if (failure) throw failure.reason;
    },
  };
  return withLazyDelegates(methods, dispatcher, isModel) as unknown as RoutedClient<
    C,
    RoutedDelegateNames<RoutedModel>,
    Default
  >;
}
