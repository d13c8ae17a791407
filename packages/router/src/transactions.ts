import { CrossDatabaseTransactionError, USERBRIDGE_ERROR_CODES, UserbridgeError } from "./errors.js";
import { RoutedPromise } from "./routed-promise.js";

/** The one client every operation of a batch routes to; refuses a batch that spans two. */
export function batchClient(
  operations: readonly unknown[],
  required: string | undefined,
): string | undefined {
  const byClient = new Map<string, string[]>();
  for (const operation of operations) {
    if (!(operation instanceof RoutedPromise)) {
      throw new UserbridgeError(
        USERBRIDGE_ERROR_CODES.INVALID_TRANSACTION,
        "userbridge: $transaction([...]) on the routed client takes the promises its own model methods return " +
          "(db.<model>.create(...)); for raw SQL in a transaction use $using(name).$transaction.",
      );
    }
    const list = byClient.get(operation.client) ?? [];
    list.push(operation.description);
    byClient.set(operation.client, list);
  }
  if (required !== undefined && !byClient.has(required) && byClient.size > 0) byClient.set(required, []);
  if (byClient.size > 1) {
    const detail = [...byClient]
      .map(([client, ops]) => `${client}: ${ops.join(", ") || "(required)"}`)
      .join("; ");
    throw new CrossDatabaseTransactionError(detail, [...byClient.keys()]);
  }
  return byClient.keys().next().value;
}

/** Inside an interactive transaction on `client`: a call routed anywhere else is refused. */
export function assertInTransaction(client: string, routed: string, call: string): void {
  if (routed !== client) {
    throw new CrossDatabaseTransactionError(
      `${call} routes to "${routed}" inside a transaction on "${client}"`,
      [client, routed],
    );
  }
}
