// Turns a failure to connect into the native engine's user-facing errors (P1000, P1001, P1003, P1010),
// whether it comes straight from `pg` or through @prisma/adapter-pg.
import { type DatabaseLocation, serverAddress } from "./database-url.ts";
import { UserFacingError } from "./errors.ts";

const UNREACHABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
]);

/** The user-facing error for a connection failure, or undefined if `error` is something else. */
export function connectionError(error: unknown, at: DatabaseLocation): UserFacingError | undefined {
  const cause = adapterCause(error);
  const kind = typeof cause?.kind === "string" ? cause.kind : undefined;
  const code = kind ? undefined : errorCode(error);
  if (kind === "DatabaseNotReachable" || kind === "SocketTimeout" || isUnreachable(error, code)) {
    return unreachable(at);
  }
  if (kind === "DatabaseDoesNotExist" || code === "3D000") {
    return new UserFacingError(
      "P1003",
      `Database \`${at.database}\` does not exist on the database server at \`${serverAddress(at)}\`.`,
      { database_name: at.database, database_host: at.host, database_port: at.port },
    );
  }
  if (kind === "DatabaseAccessDenied" || code === "28000") {
    // "role ... does not exist", or no pg_hba.conf entry: the native engine says P1010 for both.
    return new UserFacingError(
      "P1010",
      `User \`${at.user}\` was denied access on the database \`${at.database}\``,
      { database_user: at.user, database_name: at.database },
    );
  }
  if (kind === "AuthenticationFailed" || code === "28P01") {
    return new UserFacingError(
      "P1000",
      `Authentication failed against database server at \`${at.host}\`, the provided database credentials for \`${at.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${at.host}\`.`,
      { database_user: at.user, database_host: at.host },
    );
  }
  return undefined;
}

export function unreachable(at: DatabaseLocation): UserFacingError {
  const address = serverAddress(at);
  return new UserFacingError(
    "P1001",
    `Can't reach database server at \`${address}\`\n\nPlease make sure your database server is running at \`${address}\`.`,
    { database_host: at.host, database_port: at.port },
  );
}

function isUnreachable(error: unknown, code: string | undefined): boolean {
  if (code && UNREACHABLE_SOCKET_CODES.has(code)) return true;
  // pg's own connect timeout carries no code, only a message.
  const message = error instanceof Error ? error.message : "";
  return /timeout expired|timeout exceeded|connection timeout|Connection terminated unexpectedly/i.test(
    message,
  );
}

function adapterCause(error: unknown): Record<string, unknown> | undefined {
  if (error instanceof Error && error.name === "DriverAdapterError" && typeof error.cause === "object") {
    return error.cause as Record<string, unknown>;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code === "string") return code;
  // AggregateError (several addresses for one host name, e.g. localhost -> ::1 and 127.0.0.1)
  const { errors } = error as { errors?: unknown };
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}
