// This site's routed client and sessions, one per process. Next may evaluate this module once per bundle
// (route handlers, pages and server actions are separate entries), so the instances sit on a
// Symbol.for global like the routing context does: one pool per database, however many copies.
import { createDb, type Db } from "@userbridge/db";
import { type Auth, createAuth } from "@userbridge/session";

const KEY = Symbol.for("userbridge.example-next.site");

interface Site {
  readonly db: Db;
  readonly auth: Auth;
}

// Created on first use, not at import: `next build` imports the routes without any database configured.
function site(): Site {
  const global = globalThis as { [KEY]?: Site };
  if (!global[KEY]) {
    // Reads SHARED_DATABASE_URL, APP_DATABASE_URL and SESSION_* from the environment.
    const db = createDb();
    global[KEY] = { db, auth: createAuth({ db }) };
  }
  return global[KEY];
}

export const getDb = (): Db => site().db;
export const getAuth = (): Auth => site().auth;
