// Errors the shim reports to the prisma CLI the way the native engine would: a Prisma error code
// (P1001, P3018 ...) and a message, never a stack trace.

/** An error with a Prisma error code, rendered by the CLI as `<code>\n\n<message>`. */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
  readonly code: string | undefined;
  readonly meta: Record<string, unknown>;

  constructor(code: string | undefined, message: string, meta: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.meta = meta;
  }
}

/** A Rust panic inside the wasm engine: the engine is unusable afterwards. */
export class EnginePanic extends Error {
  override readonly name = "EnginePanic";
}

/**
 * The panic behind a WebAssembly trap (`RuntimeError: unreachable`), with the message Rust's panic hook
 * recorded ("panicked at ...: ..."), or undefined for any other error.
 */
export function panicOf(error: unknown): EnginePanic | undefined {
  if (error instanceof EnginePanic) return error;
  if (!(error instanceof Error && error.name === "RuntimeError")) return undefined;
  const recorded = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
  return new EnginePanic(recorded || `the wasm schema engine crashed: ${error.message}`);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
