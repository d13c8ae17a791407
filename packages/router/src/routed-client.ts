import { type Dispatcher, withLazyDelegates } from "./delegates.js";
import { UnknownClientError, UnknownModelError } from "./errors.js";
import { hasModel, toDelegateName } from "./models.js";
import { isReadOperation } from "./operations.js";
import { createRoutePolicy, type DatabaseRouter, type RouteDecision, TRANSACTION_MODEL } from "./policy.js";
import { onReplica, PRIMARY_SERVER, type ReadTargets } from "./read-targets.js";
import { nameUnavailableDatabase, RoutedPromise } from "./routed-promise.js";
import { assertInTransaction, batchClient } from "./transactions.js";
import type {
  BatchTransactionOptions,
  ClientMap,
  ClientName,
  InteractiveTransactionOptions,
  ModelClients,
  RoutedClient,
} from "./types.js";

export interface RoutedClientOptions<
  C extends ClientMap,
  Homes extends ModelClients<C>,
  Default extends ClientName<C>,
> {
  /** The Prisma clients by name (any names). */
  readonly clients: C;
  /** Where a call goes when no router decides, and where the facade's raw SQL goes. */
  readonly defaultClient: Default;
  /** Tried in order for every call, like Django's DATABASE_ROUTERS; the first answer wins. @default [] */
  readonly routers?: readonly DatabaseRouter<ClientName<C>>[];
  /**
   * The client whose delegate type each listed model takes on the facade (and which must have the
   * model); models not listed take the default client's. Types only: routers decide where calls go.
   * @default {}
   */
  readonly modelClients?: Homes;
  /** Throw MissingRoutingContextError for a call outside any routing context. @default false */
  readonly strict?: boolean;
  /** Called with every routing decision (logs, OpenTelemetry, tests). @default none */
  readonly onRoute?: (decision: RouteDecision) => void;
  /** Read replicas: which server serves each call (see ReadTargets). @default none: the clients themselves */
  readonly readTargets?: ReadTargets;
}

const RAW_METHODS = ["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe"] as const;

type PrismaLike = Record<string, unknown> & {
  $connect?(): Promise<void>;
  $disconnect?(): Promise<void>;
  $transaction(arg: unknown, options?: unknown): Promise<unknown>;
};

/** The model name raw SQL (`$queryRaw`, `$executeRaw`, ...) is reported under. */
export const RAW_MODEL = "$raw";

/**
 * The raw-SQL methods of `client` that exist, returning routed promises: lazy, usable in a batch
 * `$transaction` on that client, and naming the database when it is unreachable. Each call is
 * reported like a model call, as model RAW_MODEL with the method as its operation.
 */
function rawMethodsOf(
  client: object,
  clientName: string,
  reason: string,
  report: ((decision: RouteDecision) => void) | undefined,
): Record<string, unknown> {
  const routed: Record<string, unknown> = {};
  for (const name of RAW_METHODS) {
    const method = (client as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    const decision: RouteDecision = { model: RAW_MODEL, operation: name, client: clientName, reason };
    const reading: RouteDecision = { ...decision, readOnly: true };
    routed[name] = (...args: unknown[]) => {
      report?.(READ_ONLY.has(args[0] as object) ? reading : decision);
      return new RoutedPromise(clientName, name, method.apply(client, args));
    };
  }
  return routed;
}

// Tagged templates' string arrays are one object per call site, so the mark lasts for that query.
const READ_ONLY = new WeakSet<object>();

/**
 * Declares a raw query read-only, for read replicas: it still runs on the primary (raw SQL always
 * does), but it does not count as a write, so the request's later reads may still use a replica.
 * Only for a statement that cannot write (no function that writes, no `INTO`, one statement).
 * @example db.$queryRaw(...readOnly`SELECT "id" FROM "Customer" WHERE "email" = ${email}`)
 */
export function readOnly(
  strings: TemplateStringsArray,
  ...values: unknown[]
): [TemplateStringsArray, ...unknown[]] {
  READ_ONLY.add(strings);
  return [strings, ...values];
}

/**
 * One client that sends each model call to the database its routers pick.
 * @example
 * const db = createRoutedClient({ clients: { main, reports }, defaultClient: "main", routers: [reportsRouter] });
 * await runWithRouting({ report: true }, () => db.order.findMany()); // wherever reportsRouter says
 */
export function createRoutedClient<
  const C extends ClientMap,
  const Default extends ClientName<C>,
  const Homes extends ModelClients<C> = Record<never, never>,
>(options: RoutedClientOptions<C, Homes, Default>): RoutedClient<C, Homes, Default> {
  const clients = options.clients as unknown as Record<string, PrismaLike>;
  const clientNames = Object.keys(clients);
  const defaultClient: string = options.defaultClient;
  const using = (name: string): PrismaLike => {
    const client = clients[name];
    if (client === undefined) throw new UnknownClientError(name, clientNames);
    return client;
  };
  using(defaultClient);
  for (const [model, name] of Object.entries(options.modelClients ?? {})) {
    if (!hasModel(using(name), toDelegateName(model)))
      throw new UnknownModelError(model, name, "listed in modelClients");
  }

  const decide = createRoutePolicy({
    clientNames,
    routers: options.routers ?? [],
    defaultClient,
    strict: options.strict ?? false,
  });
  const { onRoute, readTargets } = options;
  // The routers pick the database; with replicas, readTargets then picks its server.
  const served = readTargets ? (decision: RouteDecision) => readTargets.choose(decision) : undefined;
  const traced =
    onRoute || served
      ? (model: string, operation: string) => {
          const decision = served ? served(decide(model, operation)) : decide(model, operation);
          onRoute?.(decision);
          return decision;
        }
      : decide;
  const report =
    onRoute || served
      ? (decision: RouteDecision) => onRoute?.(served ? served(decision) : decision)
      : undefined;
  /** Inside a transaction every call is the transaction's, on its primary. */
  const inTransaction = (decision: RouteDecision): RouteDecision =>
    readTargets ? { ...decision, server: PRIMARY_SERVER, serverReason: "primary:transaction" } : decision;
  const isModel = (name: string) => clientNames.some((client) => hasModel(using(client), name));
  const fields = (model: string) => {
    const owner = clientNames.find((client) => hasModel(using(client), model)) as string;
    return (using(owner)[model] as { fields?: unknown }).fields;
  };

  const dispatcher: Dispatcher = {
    decide: traced,
    target: (decision) =>
      (onReplica(decision) ? readTargets?.client(decision) : undefined) ?? using(decision.client),
    fields,
    primary: (decision) => using(decision.client),
    unavailable: (decision) => readTargets?.unavailable(decision),
    ...(readTargets?.retryOnPrimary && { retryOnPrimary: readTargets.retryOnPrimary }),
  };

  function interactive(
    fn: (tx: unknown) => Promise<unknown>,
    txOptions: InteractiveTransactionOptions<string> = {},
  ) {
    const { client: chosen, ...prismaOptions } = txOptions;
    const name = chosen ?? traced(TRANSACTION_MODEL, TRANSACTION_MODEL).client;
    // A transaction may write: with replicas, the request reads this database's primary from now on.
    if (chosen !== undefined)
      served?.({ model: TRANSACTION_MODEL, operation: TRANSACTION_MODEL, client: name, reason: "chosen" });
    const client = using(name);
    return client
      .$transaction((tx: object) => {
        const txDispatcher: Dispatcher = {
          decide: (model, operation) => {
            const decision = inTransaction(decide(model, operation));
            onRoute?.(decision);
            assertInTransaction(name, decision.client, `${model}.${operation}`);
            return decision;
          },
          target: () => tx,
          fields,
        };
        return fn(
          withLazyDelegates(
            rawMethodsOf(
              tx,
              name,
              "transaction",
              onRoute && ((decision) => onRoute(inTransaction(decision))),
            ),
            txDispatcher,
            isModel,
          ),
        );
      }, prismaOptions)
      .catch(nameUnavailableDatabase(name));
  }

  function batch(operations: readonly unknown[], batchOptions: BatchTransactionOptions<string> = {}) {
    const { client: required, ...prismaOptions } = batchOptions;
    const name = batchClient(operations, required);
    if (name === undefined) return Promise.resolve([]);
    // Reads a replica would have served run in the transaction, on the primary, like the rest.
    const originals = operations.map((operation) => {
      const routed = operation as RoutedPromise<unknown>;
      return routed.onPrimary?.() ?? routed.prismaPromise;
    });
    served?.({ model: TRANSACTION_MODEL, operation: TRANSACTION_MODEL, client: name, reason: "batch" });
    return using(name).$transaction(originals, prismaOptions).catch(nameUnavailableDatabase(name));
  }

  const pinned = new Map<string, object>();
  function pin(name: string): object {
    let facade = pinned.get(name);
    if (facade === undefined) {
      const client = using(name);
      const pinnedDispatcher: Dispatcher = {
        decide: (model, operation) => {
          const pinnedCall = { model, operation, client: name, reason: "pinned" };
          const decision = served ? served(pinnedCall) : pinnedCall;
          onRoute?.(decision);
          return decision;
        },
        target: (decision) => (onReplica(decision) ? readTargets?.client(decision) : undefined) ?? client,
        fields,
        primary: () => client,
        unavailable: (decision) => readTargets?.unavailable(decision),
        ...(readTargets?.retryOnPrimary && { retryOnPrimary: readTargets.retryOnPrimary }),
      };
      facade = withLazyDelegates(rawMethodsOf(client, name, "pinned", report), pinnedDispatcher, (model) =>
        hasModel(client, model),
      );
      pinned.set(name, facade);
    }
    return facade;
  }

  // `$primary()`: the same routing, every read served by the primary ("must be fresh" pages).
  const fromPrimary: Dispatcher = {
    decide: (model, operation) => {
      const routed = decide(model, operation);
      const decision = !readTargets
        ? routed
        : isReadOperation(operation)
          ? { ...routed, server: PRIMARY_SERVER, serverReason: "primary:explicit" }
          : readTargets.choose(routed);
      onRoute?.(decision);
      return decision;
    },
    target: (decision) => using(decision.client),
    fields,
  };
  const primaryFacade = withLazyDelegates(
    rawMethodsOf(using(defaultClient), defaultClient, "default", report),
    fromPrimary,
    isModel,
  );

  const methods = {
    ...rawMethodsOf(using(defaultClient), defaultClient, "default", report),
    $using: using,
    $pinned: pin,
    $primary: () => primaryFacade,
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
  return withLazyDelegates(methods, dispatcher, isModel) as unknown as RoutedClient<C, Homes, Default>;
}
