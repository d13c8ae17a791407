// An in-memory stand-in for a Prisma client: same shape (model delegates returning lazy
// promises, batch and interactive $transaction, raw queries), recording what reached it.

export interface Call {
  readonly client: string;
  readonly model: string;
  readonly operation: string;
  readonly args?: unknown;
  readonly inTransaction?: boolean;
}

type StandInDelegate = Record<(typeof OPERATIONS)[number], (args?: unknown) => PromiseLike<unknown>>;

export type StandInClient<Model extends string = string> = { readonly [K in Model]: StandInDelegate } & {
  $transaction(arg: unknown, options?: unknown): Promise<unknown>;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRaw(strings: TemplateStringsArray, ...values: unknown[]): Promise<unknown>;
};

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

/** `fail` makes every call reject with that error (to simulate an unreachable database). */
export function createStandInClient<const Model extends string>(
  name: string,
  models: readonly Model[],
  calls: Call[],
  options: { fail?: () => unknown } = {},
): StandInClient<Model> {
  const build = (inTransaction: boolean): Record<string, unknown> => {
    const client: Record<string, unknown> = {};
    for (const model of models) {
      const delegate: Record<string, unknown> = {};
      for (const operation of OPERATIONS) {
        delegate[operation] = (args?: unknown) =>
          new StandInPromise(() => {
            if (options.fail) throw options.fail();
            calls.push({ client: name, model, operation, args, ...(inTransaction && { inTransaction }) });
            return { client: name, model, operation };
          });
      }
      client[model] = delegate;
    }
    client.$queryRaw = async (strings: TemplateStringsArray) => {
      calls.push({ client: name, model: "$raw", operation: strings.join("?") });
      return [];
    };
    return client;
  };
  const client = build(false);
  client.$transaction = async (arg: unknown) => {
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
  return client as unknown as StandInClient<Model>;
}
