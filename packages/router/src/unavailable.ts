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
];

/** Whether `error` (or any error in its `cause` chain) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (typeof current !== "object") return false;
    const { code, errorCode, message, cause } = current as {
      code?: unknown;
      errorCode?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    for (const value of [code, errorCode]) {
      if (typeof value === "string" && (PRISMA_CODES.has(value) || SYSTEM_CODES.has(value))) return true;
    }
    if (typeof message === "string" && MESSAGES.some((text) => message.includes(text))) return true;
    current = cause;
  }
  return false;
}
