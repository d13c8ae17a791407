import type { ModelName } from "./models.js";
import type { Operation } from "./operations.js";

// biome-ignore lint/suspicious/noExplicitAny: matches any delegate method signature
type AnyFunction = (...args: any[]) => any;

/** The named clients a routed client sends work to (any names: `{ primary, reports }`). */
export type ClientMap = { readonly [name: string]: object };

export type ClientName<C extends ClientMap> = keyof C & string;

/** The model delegate names of a Prisma client (`customer`, `order`, ...). */
export type DelegateKeys<Client> = {
  [K in keyof Client & string]: K extends `$${string}`
    ? never
    : Client[K] extends { findMany: AnyFunction }
      ? K
      : never;
}[keyof Client & string];

type RawMethodName = "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe";
export type RawMethods<Client> = Pick<Client, Extract<keyof Client, RawMethodName>>;

/**
 * Which client's delegate type each listed model has on the facade (`{ invoice: "reports" }`); a model
 * not listed has the default client's.
 */
export type ModelClients<C extends ClientMap> = { readonly [model: string]: ClientName<C> };

type DelegateOf<Client, K extends string> = Client[K & keyof Client];

/** Each model typed as its client's delegate, exactly (methods and `fields`). */
export type RoutedDelegates<
  C extends ClientMap,
  Homes extends ModelClients<C>,
  Default extends ClientName<C>,
> = {
  readonly [K in keyof Homes & string as K extends DelegateKeys<C[Homes[K]]> ? K : never]: DelegateOf<
    C[Homes[K]],
    K
  >;
} & {
  readonly [K in Exclude<DelegateKeys<C[Default]>, keyof Homes>]: C[Default][K];
};

/** One database's delegates and raw SQL, every failure to reach it a DatabaseUnavailableError naming it. */
export type PinnedClient<Client> = { readonly [K in DelegateKeys<Client>]: Client[K] } & RawMethods<Client>;

/** Inside an interactive `$transaction`: the same delegates, bound to the transaction's database. */
export type RoutedTransactionClient<
  C extends ClientMap,
  Homes extends ModelClients<C>,
  Default extends ClientName<C>,
> = RoutedDelegates<C, Homes, Default> & RawMethods<C[Default]>;

export interface BatchTransactionOptions<Name extends string> {
  /** Require every operation to route to this client. @default the client they all route to */
  readonly client?: Name;
  /** Prisma's isolation level (`"Serializable"`, ...). @default the database's (PostgreSQL: Read Committed) */
  readonly isolationLevel?: string;
}

export interface InteractiveTransactionOptions<Name extends string> {
  /**
   * The database the transaction runs on. A model call inside it that routes elsewhere throws
   * CrossDatabaseTransactionError. @default the first router's `dbForTransaction` answer, else the
   * default client
   */
  readonly client?: Name;
  /** Prisma's: how long to wait for a connection to start it, in ms. @default 2000 */
  readonly maxWait?: number;
  /** Prisma's: how long it may run before it is rolled back, in ms. @default 5000 */
  readonly timeout?: number;
  /** Prisma's isolation level (`"Serializable"`, ...). @default the database's (PostgreSQL: Read Committed) */
  readonly isolationLevel?: string;
}

export interface RoutedClientMethods<
  C extends ClientMap,
  Homes extends ModelClients<C>,
  Default extends ClientName<C>,
> {
  /** The underlying client, e.g. for `$extends` or what the facade does not forward. */
  $using<N extends ClientName<C>>(name: N): C[N];
  /**
   * The named database's delegates and raw SQL, whatever the routing context, for code that must act
   * on one database: calls are not routed (`onRoute` sees reason `"pinned"`), and a failure to reach
   * it is a DatabaseUnavailableError naming it.
   */
  $pinned<N extends ClientName<C>>(name: N): PinnedClient<C[N]>;
  /**
   * The same routing with every read served by the routed database's primary, not a replica (for the
   * rare page that must be fresh); writes are as always. Without replicas, the same as the client.
   */
  $primary(): RoutedDelegates<C, Homes, Default> & RawMethods<C[Default]>;
  /** Where a call on `model` would go under the current context. @default operation "findMany" */
  $routeOf(
    model: ModelName<keyof RoutedDelegates<C, Homes, Default> & string>,
    operation?: Operation,
  ): ClientName<C>;
  /** A batch transaction: every operation must route to the same database. */
  $transaction<const P extends readonly PromiseLike<unknown>[]>(
    operations: P,
    options?: BatchTransactionOptions<ClientName<C>>,
  ): Promise<{ -readonly [K in keyof P]: Awaited<P[K]> }>;
  /** An interactive transaction on one database (see `options.client`). */
  $transaction<T>(
    fn: (tx: RoutedTransactionClient<C, Homes, Default>) => Promise<T>,
    options?: InteractiveTransactionOptions<ClientName<C>>,
  ): Promise<T>;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
}

/** The routed facade: Prisma-typed delegates, raw queries on the default client, and `$` helpers. */
export type RoutedClient<
  C extends ClientMap,
  Homes extends ModelClients<C>,
  Default extends ClientName<C>,
> = RoutedDelegates<C, Homes, Default> & RawMethods<C[Default]> & RoutedClientMethods<C, Homes, Default>;
