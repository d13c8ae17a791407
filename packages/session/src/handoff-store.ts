// The hand-off's two statements on the identity database. Times are passed as epoch milliseconds and
// turned into UTC timestamps in SQL (the columns are timestamp(3) holding UTC, as Prisma writes them).
import { randomUUID } from "node:crypto";
import type { IdentityClient, SessionUser } from "./store.js";

/** Codes one session may have outstanding; issuing another drops the oldest. */
export const MAX_CODES_PER_SESSION = 5;

export interface IssueCode {
  readonly sessionTokenHash: string;
  readonly codeHash: string;
  readonly returnOrigin: string;
  readonly challenge: string;
  readonly now: number;
  readonly expires: number;
}

export interface RedeemCode {
  readonly codeHash: string;
  readonly returnOrigin: string;
  readonly challenge: string;
  readonly now: number;
  /** A home session unused since then is idle: its codes are worthless. */
  readonly idleBefore: number;
  /** The new session's token hash and expiry (capped at the home session's). */
  readonly sessionTokenHash: string;
  readonly expires: number;
}

export interface HandoffStore {
  /** Stores a code for the session with this token; false when that session no longer exists. */
  issue(code: IssueCode): Promise<boolean>;
  /**
   * Deletes the code (whatever follows, it is used up) and, only if it is unexpired, for this origin and
   * challenge, and its session is alive, creates a session in the same family for the same user: one
   * statement. @returns the user and the new session's expiry, or undefined
   */
  redeem(code: RedeemCode): Promise<{ user: SessionUser; expires: Date } | undefined>;
  /** Deletes a code whatever it is bound to (a callback that failed its state check burns it). */
  discard(codeHash: string): Promise<void>;
  /** Deletes every expired code. @returns how many */
  purgeExpired(now: number): Promise<number>;
}

const at = (ms: number) => ms / 1000;

/** The hand-off's codes on the identity database's client (`db.$pinned("shared")`, which names failures). */
export function prismaHandoffStore(client: IdentityClient): HandoffStore {
  const run = <T>(work: (db: IdentityClient) => PromiseLike<T>): Promise<T> => Promise.resolve(work(client));

  return {
    async issue(code) {
      const rows = await run(
        (db) => db.$queryRaw<{ sessionId: string }[]>`
        INSERT INTO "HandoffCode" ("codeHash", "sessionId", "returnOrigin", "challenge", "expires", "createdAt")
        SELECT ${code.codeHash}, s."id", ${code.returnOrigin}, ${code.challenge},
          to_timestamp(${at(code.expires)}::float8) AT TIME ZONE 'UTC', to_timestamp(${at(code.now)}::float8) AT TIME ZONE 'UTC'
        FROM "Session" s WHERE s."sessionToken" = ${code.sessionTokenHash}
        RETURNING "sessionId"`,
      );
      const sessionId = rows[0]?.sessionId;
      if (sessionId === undefined) return false;
      // After the insert, so the last of concurrent floods sees every code and the bound holds.
      await run(
        (db) => db.$queryRaw`
        DELETE FROM "HandoffCode"
        WHERE "expires" <= to_timestamp(${at(code.now)}::float8) AT TIME ZONE 'UTC'
          OR "codeHash" IN (
            SELECT "codeHash" FROM "HandoffCode" WHERE "sessionId" = ${sessionId} AND "codeHash" <> ${code.codeHash}
            ORDER BY "createdAt" DESC, "codeHash" OFFSET ${MAX_CODES_PER_SESSION - 1})
        RETURNING "codeHash"`,
      );
      return true;
    },

    async redeem(code) {
      const now = at(code.now);
      const rows = await run(
        (db) => db.$queryRaw<(SessionUser & { expires: Date })[]>`
        WITH code AS (
          DELETE FROM "HandoffCode" WHERE "codeHash" = ${code.codeHash}
          RETURNING "sessionId", "returnOrigin", "challenge", "expires"
        ), home AS (
          SELECT s."userId", s."familyId", s."expires" FROM code JOIN "Session" s ON s."id" = code."sessionId"
          WHERE code."expires" > to_timestamp(${now}::float8) AT TIME ZONE 'UTC'
            AND code."returnOrigin" = ${code.returnOrigin} AND code."challenge" = ${code.challenge}
            AND s."expires" > to_timestamp(${now}::float8) AT TIME ZONE 'UTC'
            AND s."lastSeenAt" > to_timestamp(${at(code.idleBefore)}::float8) AT TIME ZONE 'UTC'
          -- A logout of the family waits for this statement, and then sees the new session (store.ts).
          FOR SHARE OF s
        ), created AS (
          INSERT INTO "Session" ("id", "sessionToken", "userId", "familyId", "expires", "createdAt", "lastSeenAt")
          SELECT ${randomUUID()}, ${code.sessionTokenHash}, home."userId", home."familyId",
            LEAST(home."expires", to_timestamp(${at(code.expires)}::float8) AT TIME ZONE 'UTC'),
            to_timestamp(${now}::float8) AT TIME ZONE 'UTC', to_timestamp(${now}::float8) AT TIME ZONE 'UTC'
          FROM home
          RETURNING "userId", "expires"
        )
        SELECT u."id", u."email", u."name", created."expires" FROM created JOIN "User" u ON u."id" = created."userId"`,
      );
      const row = rows[0];
      return row && { user: { id: row.id, email: row.email, name: row.name }, expires: row.expires };
    },

    async discard(codeHash) {
      await run(
        (db) => db.$queryRaw<unknown[]>`DELETE FROM "HandoffCode" WHERE "codeHash" = ${codeHash} RETURNING 1`,
      );
    },

    async purgeExpired(now) {
      const rows = await run(
        (db) => db.$queryRaw<unknown[]>`
        DELETE FROM "HandoffCode" WHERE "expires" <= to_timestamp(${at(now)}::float8) AT TIME ZONE 'UTC'
        RETURNING "codeHash"`,
      );
      return rows.length;
    },
  };
}
