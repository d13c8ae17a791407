// An in-memory stand-in for one database's identity tables, shaped like IdentityClient, so the
// session logic can be unit-tested without PostgreSQL (store.ts itself is covered by *.int.test.ts).
import { randomUUID } from "node:crypto";
import { createRoutedClient } from "@userbridge/router";
import type { CausalPositions, IdentityClient, SessionDb, ThrottleRow } from "../src/store.js";

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
  /** Calls that wrote (create, update, upsert, delete, a raw DELETE). */
  writes: number;
  /** The primary's WAL position (pg_current_wal_lsn()): moves on with every write. */
  wal: bigint;
  /** Every call is also appended to each of these, as "<name>:model.operation" (timelines of sites). */
  readonly logs: string[][];
}

const WRITE = /\.(create|update|upsert|delete)/;

export function memoryClient(name = "client"): MemoryClient {
  const users: MemoryUser[] = [];
  const sessions: MemorySession[] = [];
  const calls: string[] = [];
  const throttles: ThrottleRow[] = [];
  const logs: string[][] = [];
  const state = { failWith: undefined as Error | undefined, writes: 0, wal: 0x16_b3740000n };
  const call = <T>(name: string, work: () => T, write = WRITE.test(name)): Promise<T> => {
    calls.push(name);
    for (const log of logs) log.push(`${clientName}:${name}`);
    if (write && !state.failWith) {
      state.writes++;
      state.wal += 0x100n;
    }
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

  const clientName = name;
  const client: MemoryClient = {
    users,
    throttles,
    sessions,
    calls,
    logs,
    get writes() {
      return state.writes;
    },
    set writes(count) {
      state.writes = count;
    },
    get wal() {
      return state.wal;
    },
    set wal(lsn) {
      state.wal = lsn;
    },
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
        return call(
          "$queryRaw",
          () => {
            const family = sql.includes('"sessionToken"')
              ? sessions.find((row) => row.sessionToken === values[0])?.familyId
              : values[0];
            const doomed = sessions.filter(
              (row) => row.sessionToken === values[0] || row.familyId === family,
            );
            for (const row of doomed) sessions.splice(sessions.indexOf(row), 1);
            return doomed.map((row) => ({ familyId: row.familyId })) as T;
          },
          true,
        );
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

/**
 * A stand-in for `db.$causal` (read replicas): `observe` and `carry` behave as the real one's (per
 * database key, the primary's position for each database written, unknown keys and malformed text
 * ignored) and are recorded, also in the db's log. The real one keeps its state per request (routing
 * context); here `nextRequest()` starts a new request.
 */
export interface FakeCausal extends CausalPositions {
  /** This site's database keys: `shared` (the same on every site) and this site's own. */
  readonly keys: { readonly shared: string; readonly app: string };
  /** Every observe call's argument, in order. */
  readonly observed: Readonly<Record<string, string>>[];
  /** How many times carry() was called. */
  carries: number;
  /** The pg_current_wal_lsn() queries carry() sent (one per database written in the request). */
  positionQueries: number;
  /** What the current request must find replayed, per key (raised by observe). */
  readonly required: Map<string, bigint>;
  /** When set, carry() rejects with it (the primary went away after the write). */
  failCarry: Error | undefined;
  /** Starts a new request: forgets what was written and required. */
  nextRequest(): void;
}

export const formatLsn = (lsn: bigint) =>
  `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
export const parseLsn = (text: unknown): bigint | undefined => {
  const match = typeof text === "string" ? /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text) : null;
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : undefined;
};

function fakeCausal(
  log: string[],
  clients: { readonly shared: MemoryClient; readonly app: MemoryClient },
  appKey: string,
): FakeCausal {
  const keys = { shared: "shared", app: appKey };
  const byKey = new Map([
    [keys.shared, clients.shared],
    [keys.app, clients.app],
  ]);
  let writesAtStart = new Map<string, number>();
  const causal: FakeCausal = {
    keys,
    observed: [],
    carries: 0,
    positionQueries: 0,
    required: new Map<string, bigint>(),
    failCarry: undefined,
    observe(positions) {
      log.push("causal.observe");
      causal.observed.push({ ...positions });
      for (const [key, text] of Object.entries(positions)) {
        const lsn = parseLsn(text);
        if (lsn === undefined || !byKey.has(key)) continue;
        if (lsn > (causal.required.get(key) ?? -1n)) causal.required.set(key, lsn);
      }
    },
    async carry() {
      log.push("causal.carry");
      causal.carries++;
      if (causal.failCarry) throw causal.failCarry;
      const carried = new Map(causal.required);
      for (const [key, client] of byKey) {
        if (client.writes === writesAtStart.get(key)) continue;
        causal.positionQueries++;
        log.push(`causal.position:${key}`);
        if (client.wal > (carried.get(key) ?? -1n)) carried.set(key, client.wal);
      }
      return Object.fromEntries([...carried].map(([key, lsn]) => [key, formatLsn(lsn)]));
    },
    nextRequest() {
      writesAtStart = new Map([...byKey].map(([key, client]) => [key, client.writes]));
      causal.required.clear();
    },
  };
  causal.nextRequest();
  return causal;
}

export interface MemoryDbOptions {
  /** Give the db a fake `$causal` (read replicas), with this site's own database key. @default none */
  readonly causal?: boolean | { readonly appKey: string };
  /** Another site's identity database, to share it (two sites). @default a new one */
  readonly shared?: MemoryClient;
}

export interface MemoryDb extends SessionDb {
  readonly shared: MemoryClient;
  readonly app: MemoryClient;
  /** This site's calls to both databases (`shared:session.create`) and to `$causal` (`causal.observe`), in order. */
  readonly log: string[];
  readonly $causal: FakeCausal | undefined;
}

/** Two in-memory databases behind the real router's `$pinned` (which names failures as it does in use). */
export function memoryDb(options: MemoryDbOptions = {}): MemoryDb {
  const log: string[] = [];
  const shared = options.shared ?? memoryClient("shared");
  const app = memoryClient("app");
  shared.logs.push(log);
  app.logs.push(log);
  const causal = options.causal
    ? fakeCausal(log, { shared, app }, options.causal === true ? "app:site" : options.causal.appKey)
    : undefined;
  const routed = createRoutedClient({ clients: { shared, app }, defaultClient: "app" });
  return {
    shared,
    app,
    log,
    $causal: causal,
    $pinned: (name) => routed.$pinned(name) as unknown as IdentityClient,
  };
}
