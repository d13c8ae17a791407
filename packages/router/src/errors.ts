/** Stable codes: switch on `error.code`, never on the message. */
export const USERBRIDGE_ERROR_CODES = {
  INVALID_CONFIG: "USERBRIDGE_INVALID_CONFIG",
  MISSING_ROUTING_CONTEXT: "USERBRIDGE_MISSING_ROUTING_CONTEXT",
  CROSS_DATABASE_TRANSACTION: "USERBRIDGE_CROSS_DATABASE_TRANSACTION",
  INVALID_TRANSACTION: "USERBRIDGE_INVALID_TRANSACTION",
  UNKNOWN_CLIENT: "USERBRIDGE_UNKNOWN_CLIENT",
  UNKNOWN_MODEL: "USERBRIDGE_UNKNOWN_MODEL",
  DATABASE_UNAVAILABLE: "USERBRIDGE_DATABASE_UNAVAILABLE",
  REFUSED_PATH: "USERBRIDGE_REFUSED_PATH",
  MOUNTED_MIDDLEWARE: "USERBRIDGE_MOUNTED_MIDDLEWARE",
} as const;

export type UserbridgeErrorCode = (typeof USERBRIDGE_ERROR_CODES)[keyof typeof USERBRIDGE_ERROR_CODES];

/**
 * Base class of every error userbridge throws on purpose. Messages start with the package name.
 * `status` is the HTTP answer a server should give (4xx: the client can fix it; 5xx: it cannot), so
 * adapters and apps map errors to responses in one place: `res.status(error.status)`.
 * Other packages extend it with their own code unions.
 */
export class UserbridgeError<Code extends string = UserbridgeErrorCode> extends Error {
  readonly code: Code;
  readonly status: number;

  constructor(code: Code, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options?.status ?? 500;
  }
}

/**
 * The `status` of a userbridge error, also one thrown by another copy of the package (Next.js bundles
 * packages more than once, so `instanceof` fails across copies); `undefined` for any other error.
 */
export function statusOf(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, status } = error as { code?: unknown; status?: unknown };
  return typeof code === "string" && code.startsWith("USERBRIDGE_") && typeof status === "number"
    ? status
    : undefined;
}

/** Bad configuration: names every problem at once so one fix-and-retry is enough. */
export class InvalidConfigError extends UserbridgeError {
  readonly issues: readonly string[];

  constructor(source: string, issues: readonly string[]) {
    super(
      USERBRIDGE_ERROR_CODES.INVALID_CONFIG,
      `userbridge: invalid ${source}:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`,
    );
    this.issues = issues;
  }
}

/** `strict: true` and a call outside `runWithRouting` / the middleware. */
export class MissingRoutingContextError extends UserbridgeError {
  constructor(model: string, operation: string) {
    super(
      USERBRIDGE_ERROR_CODES.MISSING_ROUTING_CONTEXT,
      `userbridge: ${model}.${operation} was called outside a routing context and the client is strict. ` +
        "Wrap the request in routingMiddleware()/withRouting(), or the call in runWithRouting({ admin }, fn).",
    );
  }
}

/** A transaction whose work would reach two databases: refused before any statement is sent. */
export class CrossDatabaseTransactionError extends UserbridgeError {
  readonly clients: readonly string[];

  constructor(detail: string, clients: readonly string[]) {
    super(
      USERBRIDGE_ERROR_CODES.CROSS_DATABASE_TRANSACTION,
      `userbridge: a transaction cannot span two databases (${clients.join(", ")}): ${detail}. ` +
        "Split it into one transaction per database, or pass { client } to $transaction to pick the database.",
    );
    this.clients = clients;
  }
}

/** A router (or `$using`) named a client that was not passed to createRoutedClient. */
export class UnknownClientError extends UserbridgeError {
  constructor(name: unknown, known: readonly string[]) {
    super(
      USERBRIDGE_ERROR_CODES.UNKNOWN_CLIENT,
      `userbridge: unknown client ${JSON.stringify(name)}; the clients are ${known.map((k) => `"${k}"`).join(", ")}.`,
    );
  }
}

/** A model that the client it must be sent to does not have. */
export class UnknownModelError extends UserbridgeError {
  constructor(model: string, client: string, why: string) {
    super(
      USERBRIDGE_ERROR_CODES.UNKNOWN_MODEL,
      `userbridge: the "${client}" client has no model "${model}" (${why}). ` +
        "Check the model name and that this client was generated from the schema that defines it.",
    );
  }
}

/** The database a call was routed to cannot be reached (refused, reset, shut down, pool timeout). */
export class DatabaseUnavailableError extends UserbridgeError {
  readonly database: string;

  constructor(database: string, cause: unknown) {
    super(
      USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE,
      `userbridge: the ${database} database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, status: 503 },
    );
    this.database = database;
  }
}

/** A request path the adapters refuse to read (see readRequestPath): answer 400, run no handler. */
export class RefusedPathError extends UserbridgeError {
  readonly reason: string;

  constructor(reason: string) {
    super(
      USERBRIDGE_ERROR_CODES.REFUSED_PATH,
      `userbridge: refused the request path (${reason}): it could be read as another route than the one ` +
        "it names. Send the plain path, e.g. /admin/users, without dot segments or unusual encodings.",
      { status: 400 },
    );
    this.reason = reason;
  }
}

/**
 * routingMiddleware inside a router mounted on a path (`app.use("/api", router)`): the router's routes
 * are matched on the path below the mount point while the admin flag is decided on the whole path,
 * so they could disagree. Mount the middleware on the application itself, before every router.
 */
export class MountedMiddlewareError extends UserbridgeError {
  constructor(mountPath: string) {
    super(
      USERBRIDGE_ERROR_CODES.MOUNTED_MIDDLEWARE,
      `userbridge: routingMiddleware runs inside a router mounted at ${JSON.stringify(mountPath)}, where routes and ` +
        "the admin flag could read different paths. Use app.use(routingMiddleware()) on the application, first.",
    );
  }
}
