import { readOnly } from "@userbridge/router";
import type { SessionChangeFeed } from "./session-cache.js";
import { newFamilyId } from "./token.js";

/** The user a session belongs to, as the session API returns it. */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
}

interface SessionWithUser extends SessionUser {
  readonly sessionId: string;
  readonly expires: Date;
  readonly lastSeenAt: Date;
}

/**
 * The part of a Prisma client (shared or app: their identity models are identical) this package
 * uses. Written out so both generated clients satisfy it without a cast.
 */
export interface IdentityClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  user: {
    findUnique(args: {
      where: { email: string };
      select: { id: true; email: true; name: true; passwordHash: true };
    }): PromiseLike<(SessionUser & { passwordHash: string | null }) | null>;
    create(args: {
      data: { email: string; name: string | null; passwordHash: string };
      select: { id: true; email: true; name: true };
    }): PromiseLike<SessionUser>;
    update(args: {
      where: { id: string };
      data: { passwordHash: string };
      select: { id: true };
    }): PromiseLike<unknown>;
  };
  loginThrottle: {
    updateMany(args: {
      where: { key: string; windowStart: { lt: Date } } | { key: string; failures: { gt: 0 } };
      data: { failures: 0; windowStart: Date } | { failures: { decrement: 1 } };
    }): PromiseLike<{ count: number }>;
    upsert(args: {
      where: { key: string };
      create: { key: string; failures: 1; windowStart: Date };
      update: { failures: { increment: 1 } };
      select: { failures: true; windowStart: true };
    }): PromiseLike<{ failures: number; windowStart: Date }>;
    deleteMany(args: {
      where: { key: string } | { windowStart: { lt: Date } };
    }): PromiseLike<{ count: number }>;
  };
  session: {
    create(args: {
      data: {
        sessionToken: string;
        userId: string;
        familyId: string;
        expires: Date;
        createdAt: Date;
        lastSeenAt: Date;
      };
      select: { id: true };
    }): PromiseLike<unknown>;
    deleteMany(args: {
      where:
        | { sessionToken: string }
        | { id: string }
        | { userId: string }
        | { OR: [{ expires: { lte: Date } }, { lastSeenAt: { lte: Date } }] };
    }): PromiseLike<{ count: number }>;
    updateMany(args: {
      where: { id: string; lastSeenAt: { lt: Date } };
      data: { lastSeenAt: Date };
    }): PromiseLike<{ count: number }>;
  };
}

/** Failed logins of one throttle key since `windowStart`. */
export interface ThrottleRow {
  readonly key: string;
  readonly failures: number;
  readonly windowStart: Date;
}

/**
 * Read-your-writes across requests with read replicas (`@userbridge/db`'s `db.$causal`): the WAL
 * positions a request depends on, kept per request (its routing context). Positions are
 * `{ [databaseKey]: "16/B374D848" }`; the keys are the db's own short names.
 */
export interface CausalPositions {
  /**
   * Raises this request's required WAL positions to these (from a cookie), so that its reads go to a
   * replica only if it has replayed them. Unknown keys and malformed text are ignored.
   */
  observe(positions: Readonly<Record<string, string>>): void;
  /**
   * The positions the user's next request must find replayed: for each database this request wrote
   * to, its primary's current WAL position (one query each, only those), plus those observed; `{}`
   * when the db has no replicas. Call it after the request's last write.
   */
  carry(): PromiseLike<Readonly<Record<string, string>>>;
}

/** What the session API needs from `@userbridge/db`'s routed client (`createDb()`). */
export interface SessionDb {
  /** One database's tables whatever the routing context, its failures named (DatabaseUnavailableError). */
  $pinned(name: "shared" | "app"): IdentityClient;
  /** The identity database's session change feed (LISTEN); the session cache is used only with one. */
  readonly $sessionChanges?: SessionChangeFeed;
  /**
   * WAL positions for read replicas: the session cookie carries `carry()`'s to the next request, which
   * `observe`s them before its session lookup. Without it (no replicas, an older db), cookies carry none.
   */
  readonly $causal?: CausalPositions | undefined;
}

/** One database's identity tables, as the session API uses them. */
export interface IdentityStore {
  findSession(tokenHash: string): Promise<SessionWithUser | undefined>;
  findUserByEmail(email: string): Promise<(SessionUser & { passwordHash: string | null }) | undefined>;
  createUser(data: { email: string; name: string | null; passwordHash: string }): Promise<SessionUser>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** A new session row; `familyId` joins an existing family (a hand-off), else the session starts its own. */
  createSession(data: {
    tokenHash: string;
    userId: string;
    familyId?: string;
    now: Date;
    expires: Date;
  }): Promise<void>;
  /** Refreshes lastSeenAt unless another request did within the last minute. */
  touchSession(sessionId: string, now: Date): Promise<void>;
  deleteSession(where: { tokenHash: string } | { sessionId: string }): Promise<void>;
  /** Deletes the session with this token and every session of its family (a logout), in one statement. */
  deleteSessionFamily(tokenHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<number>;
  deleteExpiredSessions(expiredBefore: Date, idleBefore: Date): Promise<number>;
  /**
   * Counts one attempt for `key` and returns the count (one atomic upsert); a window that started
   * before `staleBefore` starts again at `now`.
   */
  countThrottleAttempt(key: string, now: Date, staleBefore: Date): Promise<Omit<ThrottleRow, "key">>;
  /** Gives back the slot a successful attempt took. */
  releaseThrottleAttempt(key: string): Promise<void>;
  deleteStaleThrottles(before: Date): Promise<number>;
  clearThrottle(key: string): Promise<void>;
}

/** Statements a family logout may take to catch sessions that hand-offs created while it ran. */
const FAMILY_DELETE_PASSES = 4;

/** lastSeenAt is written at most this often per session. */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * An IdentityStore on one database's client: `db.$pinned(name)`, whose failures to reach the database
 * are DatabaseUnavailableErrors naming it (a raw Prisma client's are Prisma's own errors).
 */
export function prismaIdentityStore(client: IdentityClient): IdentityStore {
  const run = <T>(work: (client: IdentityClient) => PromiseLike<T>): Promise<T> =>
    Promise.resolve(work(client));

  return {
    async findSession(tokenHash) {
      // One round trip: Prisma's `include` would send a second query for the user. Raw SQL runs on the
      // primary (a revoked session is refused at once); `readOnly`: with replicas, it is not a write.
      const rows = await run((client) =>
        client.$queryRaw<SessionWithUser[]>(
          ...readOnly`
          SELECT s."id" AS "sessionId", s."expires", s."lastSeenAt", u."id", u."email", u."name"
          FROM "Session" s JOIN "User" u ON u."id" = s."userId"
          WHERE s."sessionToken" = ${tokenHash}`,
        ),
      );
      return rows[0];
    },
    async findUserByEmail(email) {
      const user = await run((client) =>
        client.user.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, passwordHash: true },
        }),
      );
      return user ?? undefined;
    },
    createUser: (data) =>
      run((client) => client.user.create({ data, select: { id: true, email: true, name: true } })),
    async setPasswordHash(userId, passwordHash) {
      await run((client) =>
        client.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } }),
      );
    },
    async createSession({ tokenHash, userId, familyId = newFamilyId(), now, expires }) {
      await run((client) =>
        client.session.create({
          data: { sessionToken: tokenHash, userId, familyId, expires, createdAt: now, lastSeenAt: now },
          select: { id: true },
        }),
      );
    },
    async touchSession(sessionId, now) {
      const before = new Date(now.getTime() - TOUCH_INTERVAL_MS);
      await run((client) =>
        client.session.updateMany({
          where: { id: sessionId, lastSeenAt: { lt: before } },
          data: { lastSeenAt: now },
        }),
      );
    },
    async deleteSession(where) {
      await run((client) =>
        client.session.deleteMany({
          where: "tokenHash" in where ? { sessionToken: where.tokenHash } : { id: where.sessionId },
        }),
      );
    },
    async deleteSessionFamily(tokenHash) {
      const deleted = await run(
        (client) =>
          client.$queryRaw<{ familyId: string }[]>`
          DELETE FROM "Session" WHERE "sessionToken" = ${tokenHash}
            OR "familyId" IN (SELECT "familyId" FROM "Session" WHERE "sessionToken" = ${tokenHash})
          RETURNING "familyId"`,
      );
      // A hand-off that redeemed a code while that statement ran committed its session after the
      // statement's snapshot (it held its source row FOR SHARE, so it committed before this delete got
      // the row): the next statement sees it. One that arrives later finds no source row and creates
      // none. Repeat while a pass still finds members (bounded: each pass needs a racing redemption).
      const familyId = deleted[0]?.familyId;
      for (let pass = 0; familyId !== undefined && pass < FAMILY_DELETE_PASSES; pass++) {
        const more = await run(
          (client) =>
            client.$queryRaw<
              unknown[]
            >`DELETE FROM "Session" WHERE "familyId" = ${familyId} RETURNING "familyId"`,
        );
        if (more.length === 0) break;
      }
    },
    async deleteUserSessions(userId) {
      return (await run((client) => client.session.deleteMany({ where: { userId } }))).count;
    },
    async countThrottleAttempt(key, now, staleBefore) {
      await run((client) =>
        client.loginThrottle.updateMany({
          where: { key, windowStart: { lt: staleBefore } },
          data: { failures: 0, windowStart: now },
        }),
      );
      return run((client) =>
        client.loginThrottle.upsert({
          where: { key },
          create: { key, failures: 1, windowStart: now },
          update: { failures: { increment: 1 } },
          select: { failures: true, windowStart: true },
        }),
      );
    },
    async releaseThrottleAttempt(key) {
      await run((client) =>
        client.loginThrottle.updateMany({
          where: { key, failures: { gt: 0 } },
          data: { failures: { decrement: 1 } },
        }),
      );
    },
    async deleteStaleThrottles(before) {
      return (
        await run((client) => client.loginThrottle.deleteMany({ where: { windowStart: { lt: before } } }))
      ).count;
    },
    async clearThrottle(key) {
      await run((client) => client.loginThrottle.deleteMany({ where: { key } }));
    },
    async deleteExpiredSessions(expiredBefore, idleBefore) {
      const { count } = await run((client) =>
        client.session.deleteMany({
          where: { OR: [{ expires: { lte: expiredBefore } }, { lastSeenAt: { lte: idleBefore } }] },
        }),
      );
      return count;
    },
  };
}
