import { DatabaseUnavailableError } from "./errors.js";
import { isDatabaseUnavailable } from "./unavailable.js";

/** Turns an "unreachable" failure into a DatabaseUnavailableError naming the database. */
export function nameUnavailableDatabase(client: string): (error: unknown) => never {
  return (error) => {
    throw isDatabaseUnavailable(error) ? new DatabaseUnavailableError(client, error) : error;
  };
}

/**
 * What a routed model call returns: lazy like Prisma's own promise (nothing is sent until it is
 * awaited, so it can still join a batch `$transaction`), and remembering which client it belongs to.
 */
export class RoutedPromise<T> implements PromiseLike<T> {
  readonly client: string;
  readonly description: string;
  /** Prisma's own promise, for the owning client's batch transaction. */
  readonly prismaPromise: PromiseLike<T>;
  #settled: Promise<T> | undefined;

  constructor(client: string, description: string, prismaPromise: PromiseLike<T>) {
    this.client = client;
    this.description = description;
    this.prismaPromise = prismaPromise;
  }

  get [Symbol.toStringTag](): string {
    return "PrismaPromise";
  }

  // biome-ignore lint/suspicious/noThenProperty: a lazy thenable, like Prisma's own promise, is the point
  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#run().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#run().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#run().finally(onfinally);
  }

  #run(): Promise<T> {
    this.#settled ??= Promise.resolve(this.prismaPromise).catch(nameUnavailableDatabase(this.client));
    return this.#settled;
  }
}
