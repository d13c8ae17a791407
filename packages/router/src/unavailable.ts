// Which failures mean "that database cannot be reached", as opposed to a bad query.

// P1001 can't reach, P1002 timed out, P1017 server closed the connection, P2024 pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
// Node socket errors and PostgreSQL's admin shutdown / cannot-connect SQLSTATEs.
const SYSTEM_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
  "57014", // query_canceled: statement_timeout (the pool's bound on a statement) fired
]);
// Unmapped by adapter-pg: these arrive as plain messages.
const MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "terminating connection due to administrator command",
  "the database system is shutting down",
  "the database system is starting up",
  "Client has encountered a connection error and is not queryable",
  "Query read timeout", // pg's query_timeout: the server did not answer at all
  "canceling statement due to statement timeout",
  // PgBouncer's own errors (SQLSTATE 08P01, which it also uses for configuration errors): it cannot reach
  // the server, or no server connection came free in time.
  "server login has been failing", // new clients while the server is unreachable (server_login_retry)
  "query_wait_timeout", // no server connection within query_wait_timeout
  "pgbouncer cannot connect to server",
  "server conn crashed?", // the server connection died during the client's transaction
  "no more connections allowed", // max_client_conn / max_db_connections reached
];

// Driver adapter error kinds (@prisma/driver-adapter-utils) that mean "cannot reach the server".
// Raw queries report them as P2010 with the adapter's error under `meta.driverAdapterError`.
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TlsConnectionError",
]);

interface ErrorLike {
  code?: unknown;
  errorCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function saysUnavailable({ code, errorCode, kind, message }: ErrorLike): boolean {
  for (const value of [code, errorCode]) {
    if (typeof value === "string" && (PRISMA_CODES.has(value) || SYSTEM_CODES.has(value))) return true;
  }
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
  return typeof message === "string" && MESSAGES.some((text) => message.includes(text));
}

/** Whether `error`, its `cause` chain or the driver adapter error it carries says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null) continue;
    const candidate = current as ErrorLike;
    if (saysUnavailable(candidate)) return true;
    pending.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return false;
}
