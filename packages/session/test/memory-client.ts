// An in-memory stand-in for one database's identity tables, shaped like IdentityClient, so the
// session logic can be unit-tested without PostgreSQL (store.ts itself is covered by *.int.test.ts).
import { randomUUID } from "node:crypto";
import type { IdentityClient, SessionDb, ThrottleRow } from "../src/store.js";

export interface MemoryUser {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string | null;
}
export interface MemorySession {
  id: string;
  sessionToken: string;
  userId: string;
  familyId: string;
  expires: Date;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface MemoryClient extends IdentityClient {
  readonly users: MemoryUser[];
  readonly throttles: ThrottleRow[];
  readonly sessions: MemorySession[];
  /** Every call, as "model.operation". */
  readonly calls: string[];
  /** When set, every call rejects with it (a database that is down). */
  failWith: Error | undefined;
}

export function memoryClient(): MemoryClient {
  const users: MemoryUser[] = [];
  const sessions: MemorySession[] = [];
  const calls: string[] = [];
  const throttles: ThrottleRow[] = [];
  const state = { failWith: undefined as Error | undefined };
  const call = <T>(name: string, work: () => T): Promise<T> => {
    calls.push(name);
    return state.failWith ? Promise.reject(state.failWith) : Promise.resolve().then(work);
  };
  const matches = (session: MemorySession, where: Record<string, unknown>): boolean => {
    if ("OR" in where) {
      const [expired, idle] = where.OR as [{ expires: { lte: Date } }, { lastSeenAt: { lte: Date } }];
      return session.expires <= expired.expires.lte || session.lastSeenAt <= idle.lastSeenAt.lte;
    }
    if ("sessionToken" in where) return session.sessionToken === where.sessionToken;
    if ("userId" in where) return session.userId === where.userId;
    return session.id === where.id;
  };
  const remove = (where: Record<string, unknown>) => {
    let count = 0;
    for (let i = sessions.length - 1; i >= 0; i--) {
      if (matches(sessions[i] as MemorySession, where)) {
        sessions.splice(i, 1);
        count++;
      }
    }
    return { count };
  };

  const client: MemoryClient = {
    users,
    throttles,
    sessions,
    calls,
    get failWith() {
      return state.failWith;
    },
    set failWith(error) {
      state.failWith = error;
    },
    $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]) {
      const sql = query.join("?").trimStart();
      if (sql.startsWith('DELETE FROM "Session"')) {
        // store.deleteSessionFamily: by token and the token's family, or by family.
        return call("$queryRaw", () => {
          const family = sql.includes('"sessionToken"')
            ? sessions.find((row) => row.sessionToken === values[0])?.familyId
            : values[0];
          const doomed = sessions.filter((row) => row.sessionToken === values[0] || row.familyId === family);
          for (const row of doomed) sessions.splice(sessions.indexOf(row), 1);
          return doomed.map((row) => ({ familyId: row.familyId })) as T;
        });
      }
      return call("$queryRaw", () => {
        const session = sessions.find((row) => row.sessionToken === values[0]);
        const user = session && users.find((row) => row.id === session.userId);
        const rows =
          session && user
            ? [
                {
                  sessionId: session.id,
                  expires: session.expires,
                  lastSeenAt: session.lastSeenAt,
                  id: user.id,
                  email: user.email,
                  name: user.name,
                },
              ]
            : [];
        return rows as T;
      });
    },
    user: {
      findUnique: ({ where }) =>
        call("user.findUnique", () => users.find((user) => user.email === where.email) ?? null),
      create: ({ data }) =>
        call("user.create", () => {
          if (users.some((user) => user.email === data.email)) {
            throw Object.assign(new Error("Unique constraint failed on the fields: (`email`)"), {
              code: "P2002",
            });
          }
          const user = { id: randomUUID(), ...data };
          users.push(user);
          return { id: user.id, email: user.email, name: user.name };
        }),
      update: ({ where, data }) =>
        call("user.update", () => {
          const user = users.find((row) => row.id === where.id);
          if (!user) throw Object.assign(new Error("not found"), { code: "P2025" });
          user.passwordHash = data.passwordHash;
          return { id: user.id };
        }),
    },
    loginThrottle: {
      updateMany: ({ where, data }) =>
        call("loginThrottle.updateMany", () => {
          const index = throttles.findIndex(
            (row) =>
              row.key === where.key &&
              ("windowStart" in where ? row.windowStart < where.windowStart.lt : row.failures > 0),
          );
          const row = throttles[index];
          if (!row) return { count: 0 };
          throttles[index] =
            "windowStart" in data
              ? { key: row.key, failures: data.failures, windowStart: data.windowStart }
              : { ...row, failures: row.failures - 1 };
          return { count: 1 };
        }),
      upsert: ({ where, create }) =>
        call("loginThrottle.upsert", () => {
          const index = throttles.findIndex((row) => row.key === where.key);
          const row = throttles[index];
          const next = row ? { ...row, failures: row.failures + 1 } : create;
          if (row) throttles[index] = next;
          else throttles.push(next);
          return { failures: next.failures, windowStart: next.windowStart };
        }),
      deleteMany: ({ where }) =>
        call("loginThrottle.deleteMany", () => {
          const before = throttles.length;
          const keep = throttles.filter((row) =>
            "key" in where ? row.key !== where.key : row.windowStart >= where.windowStart.lt,
          );
          throttles.splice(0, throttles.length, ...keep);
          return { count: before - keep.length };
        }),
    },
    session: {
      create: ({ data }) =>
        call("session.create", () => {
          const session = { id: randomUUID(), ...data };
          sessions.push(session);
          return { id: session.id };
        }),
      deleteMany: ({ where }) => call("session.deleteMany", () => remove(where)),
      updateMany: ({ where, data }) =>
        call("session.updateMany", () => {
          const session = sessions.find((row) => row.id === where.id && row.lastSeenAt < where.lastSeenAt.lt);
          if (session) session.lastSeenAt = data.lastSeenAt;
          return { count: session ? 1 : 0 };
        }),
    },
  };
  return client;
}

/** A routed-client stand-in: `session` goes to `app` when `admin()` says so, like the real policy. */
export function memoryDb(
  admin: () => boolean = () => false,
): SessionDb & { shared: MemoryClient; app: MemoryClient } {
  const shared = memoryClient();
  const app = memoryClient();
  return {
    shared,
    app,
    $using: (name) => (name === "shared" ? shared : app),
    $routeOf: () => (admin() ? "app" : "shared"),
  };
}
