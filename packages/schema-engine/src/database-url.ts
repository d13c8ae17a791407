// What the shim needs to know about a PostgreSQL connection URL, without ever exposing its password.
import { UserFacingError } from "./errors.ts";

export interface DatabaseLocation {
  host: string;
  port: string;
  database: string;
  user: string;
  /** Prisma's `?schema=` parameter (the default schema), if set. */
  schema: string | undefined;
  connectTimeoutMs: number;
  /** Prisma's `socket_timeout` (seconds): the longest wait for any answer; unset: no such bound. */
  socketTimeoutMs: number | undefined;
}

const DEFAULT_CONNECT_TIMEOUT_S = 5;

export function parseDatabaseUrl(url: string): DatabaseLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserFacingError("P1013", "The provided database string is invalid: it is not a URL.");
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new UserFacingError(
      "P1013",
      `The provided database string is invalid: userbridge's schema engine supports PostgreSQL only (postgresql://...), got ${parsed.protocol}//.`,
    );
  }
  const timeout = Number(parsed.searchParams.get("connect_timeout") ?? DEFAULT_CONNECT_TIMEOUT_S);
  // connect_timeout=0 means "wait forever" to libpq; the shim must not hang, so it waits a minute.
  const timeoutSeconds = Number.isFinite(timeout) && timeout >= 0 ? timeout || 60 : DEFAULT_CONNECT_TIMEOUT_S;
  return {
    host: decodeURIComponent(parsed.hostname) || parsed.searchParams.get("host") || "localhost",
    port: parsed.port || "5432",
    database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres",
    user: decodeURIComponent(parsed.username) || "postgres",
    schema: parsed.searchParams.get("schema") ?? undefined,
    connectTimeoutMs: timeoutSeconds * 1000,
    socketTimeoutMs: positiveSeconds(parsed.searchParams.get("socket_timeout")),
  };
}

function positiveSeconds(value: string | null): number | undefined {
  const seconds = Number(value ?? Number.NaN);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** `host:port`, as the native engine prints it in its messages. */
export function serverAddress(location: DatabaseLocation): string {
  return `${location.host}:${location.port}`;
}
