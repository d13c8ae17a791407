// The main database's connection, opened on the first query rather than when the engine starts, so that
// commands which need no database (`migrate diff --from-empty --to-schema`, diffs between schema files) run
// offline, as with the native engine: with no URL configured, or a server that is down.
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";

/**
 * The one query the wasm engine sends before any diff, to learn the flavour (PostgreSQL or CockroachDB) and the
 * server version; the native engine sends none when it diffs files.
 */
const SERVER_PROBE = "SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1), version(),";

/**
 * Its answer when there is no server to ask: plain PostgreSQL, the version this repository tests on. A diff
 * between files then prints the same script as when connected (checked by a test).
 */
const ASSUMED_SERVER: SqlResultSet = {
  columnNames: ["exists", "version", "numeric_version"],
  columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
  rows: [[true, "PostgreSQL 15 (assumed by userbridge: no database connection)", 150000]],
};

export function lazyAdapter(
  open: () => Promise<SqlDriverAdapter>,
  schemaName: string | undefined,
): SqlDriverAdapter {
  let opened: Promise<SqlDriverAdapter> | undefined;
  const adapter = () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined; // the next query tries again, as a fresh connection would
      throw error;
    });
    return opened;
  };
  const queryRaw = async (query: SqlQuery) => {
    if (!query.sql.startsWith(SERVER_PROBE)) return (await adapter()).queryRaw(query);
    // No URL, or no server: pg connects on the first query, so that shows here. A command that needs the database fails
    // on its next query, with the real error.
    return adapter()
      .then((connection) => connection.queryRaw(query))
      .catch(() => ASSUMED_SERVER);
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    queryRaw,
    executeRaw: async (query) => (await adapter()).executeRaw(query),
    executeScript: async (script) => (await adapter()).executeScript(script),
    startTransaction: async (isolationLevel) => (await adapter()).startTransaction(isolationLevel),
    // What @prisma/adapter-pg answers, without a connection.
    getConnectionInfo: () => ({ ...(schemaName ? { schemaName } : {}), supportsRelationJoins: true }),
    dispose: async () => {
      if (opened) await (await opened.catch(() => undefined))?.dispose();
    },
  };
}
