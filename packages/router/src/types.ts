import type { ModelName } from "./models.js";
import type { Operation } from "./operations.js";

// biome-ignore lint/suspicious/noExplicitAny: matches any delegate method signature
type AnyFunction = (...args: any[]) => any;

/** The named clients a routed client sends work to. `shared` and `app` are the built-in policy's. */
export type ClientMap = { readonly shared: object; readonly app: object } & {
  readonly [name: string]: object;
};

export type ClientName<C extends ClientMap> = keyof C & string;

/** The model delegate names of a Prisma client (`user`, `post`, ...). */
export type DelegateKeys<Client> = {
  [K in keyof Client & string]: K extends `$${string}`
    ? never
    : Client[K] extends { findMany: AnyFunction }
      ? K
      : never;
}[keyof Client & string];

type RawMethodName = "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe";
export type RawMethods<Client> = Pick<Client, Extract<keyof Client, RawMethodName>>;

/** Routed models typed as the shared client's delegates, every other model as the default client's. */
export type RoutedDelegates<C extends ClientMap, Routed extends string, Default extends ClientName<C>> = {
  readonly [K in Routed & DelegateKeys<C["shared"]>]: C["shared"][K];
} & {
  readonly [K in Exclude<DelegateKeys<C[Default]>, Routed>]: C[Default][K];
};

/** Inside an interactive `$transaction`: the same delegates, bound to the transaction's database. */
export type RoutedTransactionClient<
  C extends ClientMap,
  Routed extends string,
  Default extends ClientName<C>,
> = RoutedDelegates<C, Routed, Default> & RawMethods<C[Default]>;

export interface BatchTransactionOptions<Name extends string> {
  /** Require every operation to route to this client. @default the client they all route to */
  readonly client?: Name;
  readonly isolationLevel?: string;
}

export interface InteractiveTransactionOptions<Name extends string> {
  /**
   * The database the transaction runs on. A model call inside it that routes elsewhere throws
   * CrossDatabaseTransactionError. @default "app" in an admin context, else the default client
   */
  readonly client?: Name;
  readonly maxWait?: number;
  readonly timeout?: number;
  readonly isolationLevel?: string;
}

export interface RoutedClientMethods<
  C extends ClientMap,
  Routed extends string,
  Default extends ClientName<C>,
> {
  /** The underlying client, e.g. for raw SQL on the non-default database or `$extends`. */
  $using<N extends ClientName<C>>(name: N): C[N];
  /** Where a call on `model` would go under the current context. @default operation "findMany" */
  $routeOf(
    model: ModelName<DelegateKeys<C["shared"]> | DelegateKeys<C[Default]>>,
    operation?: Operation,
  ): ClientName<C>;
  /** A batch transaction: every operation must route to the same database. */
  $transaction<const P extends readonly PromiseLike<unknown>[]>(
    operations: P,
    options?: BatchTransactionOptions<ClientName<C>>,
  ): Promise<{ -readonly [K in keyof P]: Awaited<P[K]> }>;
  /** An interactive transaction on one database (see `options.client`). */
  $transaction<T>(
    fn: (tx: RoutedTransactionClient<C, Routed, Default>) => Promise<T>,
    options?: InteractiveTransactionOptions<ClientName<C>>,
  ): Promise<T>;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
}

/** The routed facade: Prisma-typed delegates, raw queries on the default client, and `$` helpers. */
export type RoutedClient<
  C extends ClientMap,
  Routed extends string,
  Default extends ClientName<C>,
> = RoutedDelegates<C, Routed, Default> & RawMethods<C[Default]> & RoutedClientMethods<C, Routed, Default>;
