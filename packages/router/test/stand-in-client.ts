// An in-memory stand-in for a Prisma client: same shape (model delegates returning lazy
// promises, `fields`, batch and interactive $transaction, raw queries), recording what reached it.

export interface Call {
  readonly client: string;
  readonly model: string;
  readonly operation: string;
  readonly args?: unknown;
  readonly inTransaction?: boolean;
}

const OPERATIONS = [
  "findUnique",
  "findFirst",
  "findMany",
  "count",
  "create",
  "update",
  "delete",
  "upsert",
] as const;

/** A delegate's `fields`: says whose it is, so a test can tell which client's was forwarded. */
export interface StandInFields<Client extends string, Model extends string> {
  readonly client: Client;
  readonly model: Model;
}

/** Typed per client and model, so type tests can tell one client's delegate from another's. */
export type StandInDelegate<Client extends string = string, Model extends string = string> = Record<
  (typeof OPERATIONS)[number],
  (args?: unknown) => PromiseLike<unknown>
> & { readonly fields: StandInFields<Client, Model> };

type RawQuery = (strings: TemplateStringsArray, ...values: unknown[]) => Promise<unknown>;

export type StandInClient<Client extends string = string, Model extends string = string> = {
  readonly [K in Model]: StandInDelegate<Client, K>;
} & {
  $transaction(arg: unknown, options?: unknown): Promise<unknown>;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRaw: RawQuery;
  $executeRaw: RawQuery;
};

class StandInPromise implements PromiseLike<unknown> {
  constructor(readonly run: () => unknown) {}
  // biome-ignore lint/suspicious/noThenProperty: mirrors Prisma's lazy promise
  then<A = unknown, B = never>(
    onfulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return Promise.resolve().then(this.run).then(onfulfilled, onrejected);
  }
}

/**
 * A client named `name` with `models`, recording each call that reaches it into `calls`.
 * `fail` makes every call (model and raw) reject with that error (to simulate an unreachable database).
 */
export function createStandInClient<const Client extends string, const Model extends string>(
  name: Client,
  models: readonly Model[],
  calls: Call[],
  options: { fail?: () => unknown } = {},
): StandInClient<Client, Model> {
  const build = (inTransaction: boolean): Record<string, unknown> => {
    const client: Record<string, unknown> = {};
    const flag = inTransaction ? { inTransaction } : {};
    for (const model of models) {
      const delegate: Record<string, unknown> = { fields: { client: name, model } };
      for (const operation of OPERATIONS) {
        delegate[operation] = (args?: unknown) =>
          new StandInPromise(() => {
            if (options.fail) throw options.fail();
            calls.push({ client: name, model, operation, args, ...flag });
            return { client: name, model, operation };
          });
      }
      client[model] = delegate;
    }
    for (const method of ["$queryRaw", "$executeRaw"]) {
      client[method] = (strings: TemplateStringsArray) =>
        new StandInPromise(() => {
          if (options.fail) throw options.fail();
          calls.push({ client: name, model: method, operation: strings.join("?"), ...flag });
          return [];
        });
    }
    return client;
  };
  const client = build(false);
  client.$transaction = async (arg: unknown) => {
    if (options.fail) throw options.fail();
    calls.push({
      client: name,
      model: "$transaction",
      operation: Array.isArray(arg) ? "batch" : "interactive",
    });
    if (Array.isArray(arg)) {
      const results = [];
      for (const item of arg) {
        if (!(item instanceof StandInPromise)) throw new Error(`${name}: not a stand-in promise`);
        results.push(await item);
      }
      return results;
    }
    return (arg as (tx: unknown) => Promise<unknown>)(build(true));
  };
  client.$connect = async () => {};
  client.$disconnect = async () => {};
  return client as unknown as StandInClient<Client, Model>;
}
