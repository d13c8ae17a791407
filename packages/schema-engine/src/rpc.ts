// Newline-delimited JSON-RPC 2.0 on stdin/stdout, as the prisma CLI speaks to its schema engine.
import { createInterface } from "node:readline";
import { EnginePanic, UserFacingError } from "./errors.ts";

export type Handler = (method: string, params: Record<string, unknown> | undefined) => Promise<unknown>;

type Id = number | string;

interface Incoming {
  id?: Id;
  method?: string;
  params?: Record<string, unknown>;
}

let printId = 0;

function send(message: object): void {
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
}

/** Asks the CLI to print `content` on its stdout (it prints it and acknowledges; the ack is ignored). */
export function print(content: string): void {
  send({ id: `print-${++printId}`, method: "print", params: { content } });
}

/**
 * Answers requests one at a time (engine methods must not overlap) until stdin closes.
 * The process must stay up after any error, even a panic: the prisma CLI stops the engine by closing
 * stdin, and if the engine has already exited it waits for an exit event that never comes.
 */
export class RpcServer {
  private inFlight: Id | undefined;
  private broken: Error | undefined;

  serve(handle: Handler): Promise<void> {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let queue = Promise.resolve();
    return new Promise((resolve) => {
      lines.on("line", (line) => {
        const message = parse(line);
        // Responses (acks of `print`) and notifications need no answer.
        if (message?.method === undefined || message.id === undefined) return;
        const { id, method, params } = message;
        queue = queue.then(() => this.answer(id, () => handle(method, params)));
      });
      lines.on("close", () => {
        // After abort() the request in flight may never settle (its engine is gone): do not wait for it.
        if (this.broken) resolve();
        else void queue.then(resolve);
      });
    });
  }

  /** Answers the request in flight, and every later one, with `error` (an internal failure of the shim). */
  abort(error: Error): void {
    this.broken ??= error;
    if (this.inFlight !== undefined) send({ id: this.inFlight, error: rpcError(error) });
    this.inFlight = undefined;
  }

  private async answer(id: Id, run: () => Promise<unknown>): Promise<void> {
    if (this.broken) return send({ id, error: rpcError(this.broken) });
    this.inFlight = id;
    let reply: object;
    try {
      reply = { id, result: (await run()) ?? null };
    } catch (error) {
      reply = { id, error: rpcError(error) };
    }
    // Already answered by abort() if it was called meanwhile.
    if (this.inFlight === id) send(reply);
    this.inFlight = undefined;
  }
}

function parse(line: string): Incoming | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as Incoming) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The native engine's error shape: the CLI reads `data.message` and `data.error_code`, and for a
 * panic (`data.is_panic`) the top-level message.
 */
function rpcError(error: unknown) {
  const known = error instanceof UserFacingError ? error : undefined;
  const panic = error instanceof EnginePanic;
  return {
    code: 4466,
    message: panic ? error.message : "An error happened. Check the data field for details.",
    data: {
      is_panic: panic,
      message: error instanceof Error ? error.message : String(error),
      meta: known?.meta ?? {},
      ...(known?.code ? { error_code: known.code } : {}),
    },
  };
}
