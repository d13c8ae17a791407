// This site's routed client and sessions, one per process. Next may evaluate this module once per bundle
// (route handlers, pages, server actions and instrumentation are separate entries), so the instances sit
// on a Symbol.for global like the routing context does: one pool per database, however many copies.
import { PrismaClient } from "@userbridge/clients/app";
import {
  createDb,
  type Db,
  InvalidConfigError,
  readDatabaseUrls,
  USERBRIDGE_ERROR_CODES,
} from "@userbridge/db";
import { type Auth, createAuth, resolveSessionConfig } from "@userbridge/session";

const KEY = Symbol.for("userbridge.example-next.site");

interface Site {
  readonly db: Db<PrismaClient>;
  readonly auth: Auth;
}

/** The problems InvalidConfigError lists (by code: it may come from another bundled copy), or rethrows. */
function configIssues(check: () => unknown): readonly string[] {
  try {
    check();
    return [];
  } catch (error) {
    const { code, issues } = error as { code?: unknown; issues?: readonly string[] };
    if (code === USERBRIDGE_ERROR_CODES.INVALID_CONFIG && issues) return issues;
    throw error;
  }
}

/**
 * Creates the site from the environment (SHARED_DATABASE_URL, APP_DATABASE_URL, SESSION_*). Every
 * variable is checked before anything is created, so one error names every bad one.
 * @throws InvalidConfigError
 */
function createSite(env: NodeJS.ProcessEnv): Site {
  const issues = [
    ...configIssues(() => readDatabaseUrls(["shared", "app"], env)),
    ...configIssues(() => resolveSessionConfig({}, env)),
  ];
  if (issues.length > 0) throw new InvalidConfigError("configuration of the Next.js example", issues);
  const db = createDb({ appClient: PrismaClient }, env);
  return { db, auth: createAuth({ db, env }) };
}

// Created on first use, not at import: `next build` imports the routes without any database configured.
function site(): Site {
  const global = globalThis as { [KEY]?: Site };
  global[KEY] ??= createSite(process.env);
  return global[KEY];
}

/**
 * Creates the site at server start (src/instrumentation.ts), so the configuration is checked then, all
 * at once, rather than at the first request: on a bad variable the server prints one message naming
 * every bad one and exits. Does nothing during `next build`, which has no configuration.
 */
export function startSite(): void {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    site();
  } catch (error) {
    const config = (error as { code?: unknown }).code === USERBRIDGE_ERROR_CODES.INVALID_CONFIG;
    console.error(config ? (error as Error).message : error);
    process.exit(1);
  }
}

export const getDb = (): Db<PrismaClient> => site().db;
export const getAuth = (): Auth => site().auth;
