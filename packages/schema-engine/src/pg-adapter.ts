// One connection of the engine: @prisma/adapter-pg, observed, and running scripts like the native engine.
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { parseDatabaseUrl } from "./database-url.ts";
import type { DriverErrors } from "./driver-errors.ts";
import { withDatabaseError } from "./migration-errors.ts";
import { poolConfig, withCharColumns } from "./pg-pool.ts";
import { ServerWatch } from "./server-watch.ts";

export async function connect(url: string, errors: DriverErrors): Promise<SqlDriverAdapter> {
  const { schema } = parseDatabaseUrl(url);
  const adapter = await new PrismaPg(poolConfig(url), schema ? { schema } : undefined).connect();
  return observed(adapter, errors, new ServerWatch(url));
}

/**
 * Records every driver error, and runs a script as one simple query like the native engine does
 * (adapter-pg splits it on `;`, which breaks on semicolons inside strings or function bodies and
 * leaves a failed migration half applied; one multi-statement query is one implicit transaction).
 */
function observed(adapter: PgAdapter, errors: DriverErrors, server: ServerWatch): SqlDriverAdapter {
  const watch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await server.bound(() => call(...args));
      } catch (error) {
        errors.record(error);
        throw error;
      }
    };
  const info = adapter.getConnectionInfo?.bind(adapter);
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: watch(async (query) => withCharColumns(await adapter.queryRaw(withRealLogs(query, errors)))),
    executeRaw: watch((query) => adapter.executeRaw(query)),
    executeScript: async (script: string) => {
      try {
        await server.bound(() => runScript(adapter.underlyingDriver(), script));
      } catch (error) {
        errors.record(error, script);
        throw error;
      }
    },
    startTransaction: watch(async (isolationLevel) =>
      watchedTransaction(await adapter.startTransaction(isolationLevel), server),
    ),
    // A pool with a connection stuck on a server that stopped answering never ends: do not wait for it.
    dispose: async () => {
      if (!server.hasStopped) await server.bound(() => adapter.dispose()).catch(() => undefined);
      else void adapter.dispose().catch(() => undefined);
    },
    ...(info ? { getConnectionInfo: info } : {}),
  };
}

/** How the engine records a failed migration's error in `_prisma_migrations`. */
const RECORD_LOGS = 'UPDATE "_prisma_migrations" SET "logs" = $1 WHERE "id" = $2';

/** That record with PostgreSQL's SQLSTATE and message instead of "external connector error". */
function withRealLogs(query: SqlQuery, errors: DriverErrors): SqlQuery {
  const [logs, ...rest] = query.args;
  if (query.sql !== RECORD_LOGS || typeof logs !== "string" || errors.lastScript === undefined) return query;
  return { ...query, args: [withDatabaseError(logs, errors.lastScript, errors.lastScriptText), ...rest] };
}

/**
 * The transaction's queries also type `"char"` columns as characters, and are bounded like the adapter's
 * (own properties shadow the methods).
 */
function watchedTransaction(transaction: Transaction, server: ServerWatch): Transaction {
  const { queryRaw, executeRaw, commit, rollback } = {
    queryRaw: transaction.queryRaw.bind(transaction),
    executeRaw: transaction.executeRaw.bind(transaction),
    commit: transaction.commit.bind(transaction),
    rollback: transaction.rollback.bind(transaction),
  };
  transaction.queryRaw = (query) => server.bound(async () => withCharColumns(await queryRaw(query)));
  transaction.executeRaw = (query) => server.bound(() => executeRaw(query));
  transaction.commit = () => server.bound(commit);
  transaction.rollback = () => server.bound(rollback);
  return transaction;
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type PgPool = ReturnType<PgAdapter["underlyingDriver"]>;

/** Without parameters pg uses the simple query protocol, which accepts several statements. */
async function runScript(pool: PgPool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    // Keeps PostgreSQL's own message and position (adapter-pg's mapping drops them for some codes).
    throw Object.assign(
      new DriverAdapterError({
        kind: "postgres",
        code: error.code,
        severity: error.severity ?? "ERROR",
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      }),
      { position: error.position },
    );
  }
}

function isDatabaseError(error: unknown): error is DatabaseErrorFields {
  return (
    error instanceof Error && typeof (error as { code?: unknown }).code === "string" && "severity" in error
  );
}

interface DatabaseErrorFields extends Error {
  code: string;
  severity?: string;
  detail?: string;
  column?: string;
  hint?: string;
  position?: string;
}

export function sql(text: string) {
  return { sql: text, args: [], argTypes: [] };
}
