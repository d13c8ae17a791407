import { DatabaseUnavailableError } from "./errors.js";
import { isDatabaseUnavailable } from "./unavailable.js";

/** An "unreachable" failure as a DatabaseUnavailableError naming the database; any other error as it is. */
function nameIfUnavailable(client: string, error: unknown): unknown {
  return isDatabaseUnavailable(error) ? new DatabaseUnavailableError(client, error) : error;
}

/** A rejection handler that rethrows through nameIfUnavailable. */
export function nameUnavailableDatabase(client: string): (error: unknown) => never {
  return (error) => {
    throw nameIfUnavailable(client, error);
  };
}

/**
 * What a routed model call returns: lazy like Prisma's own promise (nothing is sent until it is
 * awaited, so it can still join a batch `$transaction`), and remembering which client it belongs to.
 * It delegates to Prisma's promise (which runs its query once, however often it is awaited) and
 * adds no promise of its own on the success path: the facade must cost nothing under load.
 */
export class RoutedPromise<T> implements PromiseLike<T> {
  readonly client: string;
  readonly description: string;
  /** Prisma's own promise, for the owning client's batch transaction. */
  readonly prismaPromise: PromiseLike<T>;
  /** For a read served by a replica: the same call on the primary, which a batch transaction runs. */
  readonly onPrimary: (() => PromiseLike<T>) | undefined;

  constructor(
    client: string,
    description: string,
    prismaPromise: PromiseLike<T>,
    onPrimary?: () => PromiseLike<T>,
  ) {
    this.client = client;
    this.description = description;
    this.prismaPromise = prismaPromise;
    this.onPrimary = onPrimary;
  }

  get [Symbol.toStringTag](): string {
    return "PrismaPromise";
  }

  // biome-ignore lint/suspicious/noThenProperty: a lazy thenable, like Prisma's own promise, is the point
  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const { client } = this;
    const rejected = (error: unknown): B | PromiseLike<B> => {
      const named = nameIfUnavailable(client, error);
      if (onrejected) return onrejected(named);
      throw named;
    };
    return Promise.resolve(this.prismaPromise.then(onfulfilled, rejected)) as Promise<A | B>;
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return Promise.resolve(this).finally(onfinally);
  }
}
