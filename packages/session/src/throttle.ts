// Login rate limiting, kept in the database the login checks (the identity database for the shared
// login, so it holds across every site and process; the site's own for its admin). Two limits: failed
// logins per account (slows guessing one password) and per client address (slows trying many
// accounts, and signups probing which emails exist). Keys are hashes, so no email of a stranger is stored.
import { createHash } from "node:crypto";
import { TooManyAttemptsError } from "./errors.js";
import type { IdentityStore } from "./store.js";

export interface LoginThrottleOptions {
  /** Failed logins of one account within the window before it is refused. @default 10 */
  readonly perAccount?: number;
  /** Failed logins (and duplicate signups) from one address within the window. @default 100 */
  readonly perAddress?: number;
  /** The window, in seconds: it starts at the first failure and ends the lock. @default 900 (15 min) */
  readonly windowSeconds?: number;
}

export const DEFAULT_LOGIN_THROTTLE: Required<LoginThrottleOptions> = {
  perAccount: 10,
  perAddress: 100,
  windowSeconds: 900,
};

/** The keys one attempt counts against: its account (an email) and, when known, its client address. */
export interface AttemptKeys {
  readonly account?: string;
  readonly address?: string;
}

export interface LoginThrottle {
  /**
   * Counts the attempt against each of its keys BEFORE the password is checked (atomically, so
   * parallel guesses each take a slot), and refuses it when a key is over its limit.
   * @throws TooManyAttemptsError
   */
  reserve(attempt: AttemptKeys): Promise<void>;
  /** The attempt succeeded: its account's failures are cleared, its address gets its slot back. */
  succeeded(attempt: AttemptKeys): Promise<void>;
  /** Deletes the rows whose window has ended (run with purgeExpired). @returns how many */
  purge(): Promise<number>;
}

const hashKey = (kind: string, value: string) =>
  `${kind}:${createHash("sha256").update(value.toLowerCase()).digest("hex")}`;

export function loginThrottle(
  store: IdentityStore,
  options: LoginThrottleOptions | false | undefined,
  now: () => number,
): LoginThrottle {
  if (options === false) {
    const none = async () => {};
    return { reserve: none, succeeded: none, purge: async () => 0 };
  }
  const settings = { ...DEFAULT_LOGIN_THROTTLE, ...options };
  const windowMs = settings.windowSeconds * 1000;
  const keysOf = (attempt: AttemptKeys): { key: string; limit: number }[] =>
    [
      attempt.account === undefined
        ? undefined
        : { key: hashKey("account", attempt.account), limit: settings.perAccount },
      attempt.address === undefined
        ? undefined
        : { key: hashKey("address", attempt.address), limit: settings.perAddress },
    ].filter((entry) => entry !== undefined);

  return {
    async reserve(attempt) {
      const at = now();
      let retryAfterMs = 0;
      for (const { key, limit } of keysOf(attempt)) {
        const row = await store.countThrottleAttempt(key, new Date(at), new Date(at - windowMs));
        if (row.failures > limit) {
          retryAfterMs = Math.max(retryAfterMs, row.windowStart.getTime() + windowMs - at);
        }
      }
      if (retryAfterMs > 0) throw new TooManyAttemptsError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    },
    async succeeded(attempt) {
      if (attempt.account !== undefined) await store.clearThrottle(hashKey("account", attempt.account));
      if (attempt.address !== undefined)
        await store.releaseThrottleAttempt(hashKey("address", attempt.address));
    },
    purge: () => store.deleteStaleThrottles(new Date(now() - windowMs)),
  };
}
