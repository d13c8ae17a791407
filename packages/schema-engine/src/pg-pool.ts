// pg pool settings for the engine's connections.
import { ColumnTypeEnum, type SqlResultSet } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parseDatabaseUrl } from "./database-url.ts";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResults = pg.QueryResult | pg.QueryResult[];
type Callback = (error: Error | null, result: QueryResults) => void;

/**
 * The column positions of each result that held PostgreSQL's one-byte `"char"` type, keyed by the
 * result's rows array (which @prisma/adapter-pg hands back unchanged), so that the adapter's answer can
 * call them characters again: see `withCharColumns`.
 */
const charColumns = new WeakMap<unknown[], number[]>();

/**
 * Reports `"char"` columns (OID 18) as `text` to @prisma/adapter-pg, which has no mapping for that type
 * and would refuse the whole result. The engine reads them from pg_catalog (relkind, contype, ...) when it
 * describes a database; `withCharColumns` restores their type afterwards. pg returns the values as strings.
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
    const positions: number[] = [];
    (result?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      positions.push(index);
    });
    if (positions.length > 0 && Array.isArray(result.rows)) charColumns.set(result.rows, positions);
  }
  return results;
}

/**
 * The adapter's result with its `"char"` columns typed as characters, as the engine expects: it reads
 * them as Rust `char`s and panics on text ("Text(\"c\") as char failed", e.g. for any CHECK constraint).
 */
export function withCharColumns(result: SqlResultSet): SqlResultSet {
  const positions = charColumns.get(result.rows);
  if (!positions) return result;
  const columnTypes = [...result.columnTypes];
  for (const index of positions) columnTypes[index] = ColumnTypeEnum.Character;
  return { ...result, columnTypes };
}

/** Pool settings for `url`: a connect timeout (never hang), Prisma's `?schema=`, `"char"` as text. */
export function poolConfig(url: string): pg.PoolConfig {
  const { schema, connectTimeoutMs } = parseDatabaseUrl(url);
  return {
    connectionString: url,
    Client: CharAsTextClient,
    connectionTimeoutMillis: connectTimeoutMs,
    max: 4,
    ...(schema ? { options: `-c search_path=${optionValue(quoteIdentifier(schema))}` } : {}),
  };
}

/** PostgreSQL splits the startup `options` on spaces unless they are escaped with a backslash. */
function optionValue(value: string): string {
  return value.replace(/[\\ ]/g, "\\$&");
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
