// pg pool settings for the engine's connections.
import pg from "pg";
import { parseDatabaseUrl } from "./database-url.ts";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResults = pg.QueryResult | pg.QueryResult[];
type Callback = (error: Error | null, result: QueryResults) => void;

/**
 * Reports PostgreSQL's one-byte `"char"` columns as `text`. The engine reads them from pg_catalog
 * (relkind, contype, ...) when it describes a database, and @prisma/adapter-pg has no mapping for
 * OID 18: without this `migrate dev`, `db pull` and diffs against a database fail with
 * "Column type 'char' could not be deserialized". pg already returns the values as strings.
 */
export class CharAsTextClient extends pg.Client {}

const originalQuery = pg.Client.prototype.query;
CharAsTextClient.prototype.query = function query(this: pg.Client, ...args: unknown[]) {
  const callbackIndex = args.findIndex((arg) => typeof arg === "function");
  if (callbackIndex >= 0) {
    const callback = args[callbackIndex] as Callback;
    args[callbackIndex] = (error: Error | null, result: QueryResults) =>
      callback(error, error ? result : charAsText(result));
  }
  const returned = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  return returned instanceof Promise ? returned.then(charAsText) : returned;
} as typeof originalQuery;

function charAsText(results: QueryResults): QueryResults {
  for (const result of Array.isArray(results) ? results : [results]) {
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return results;
}

/** Pool settings for `url`: a connect timeout (never hang), Prisma's `?schema=`, `"char"` as text. */
export function poolConfig(url: string): pg.PoolConfig {
  const { schema, connectTimeoutMs } = parseDatabaseUrl(url);
  return {
    connectionString: url,
    Client: CharAsTextClient,
    connectionTimeoutMillis: connectTimeoutMs,
    max: 4,
    ...(schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}),
  };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
