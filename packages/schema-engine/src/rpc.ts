// Newline-delimited JSON-RPC 2.0 on stdin/stdout, as the prisma CLI speaks to its schema engine.
import { createInterface } from "node:readline";
import { EnginePanic, UserFacingError } from "./errors.ts";

export type Handler = (method: string, params: Record<string, unknown> | undefined) => Promise<unknown>;

interface Incoming {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
}

let outgoingId = 0;

export function send(message: object): void {
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
}

/** Asks the CLI to print `content` on its stdout (it prints it and acknowledges; the ack is ignored). */
export function print(content: string): void {
  send({ id: `print-${++outgoingId}`, method: "print", params: { content } });
}

/**
 * Answers requests one at a time (engine methods must not overlap) until stdin closes.
 * Resolves when the last answer is written; rejects with an EnginePanic.
 */
export function serve(handle: Handler): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let queue = Promise.resolve();
  return new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      const message = parse(line);
      // Responses (acks of `print`) and notifications need no answer.
      if (message?.method === undefined || message.id === undefined) return;
      const { id, method, params } = message;
      queue = queue.then(() =>
        handle(method, params).then(
          (result) => send({ id, result: result ?? null }),
          (error: unknown) => {
            if (error instanceof EnginePanic) reject(error);
            else send({ id, error: rpcError(error) });
          },
        ),
      );
    });
    lines.on("close", () => {
      queue.then(resolve, reject);
    });
  });
}

function parse(line: string): Incoming | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as Incoming) : undefined;
  } catch {
    return undefined;
  }
}

/** The native engine's error shape: the CLI reads `data.message` and `data.error_code`. */
function rpcError(error: unknown) {
  const known = error instanceof UserFacingError ? error : undefined;
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: false,
      message: error instanceof Error ? error.message : String(error),
      meta: known?.meta ?? {},
      ...(known?.code ? { error_code: known.code } : {}),
    },
  };
}
