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
  /** @throws TooManyAttemptsError when a key of the attempt is over its limit. */
  assertAllowed(attempt: AttemptKeys): Promise<void>;
  recordFailure(attempt: AttemptKeys): Promise<void>;
  /** A successful login clears its account's failures (not its address's). */
  recordSuccess(attempt: AttemptKeys): Promise<void>;
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
    return { assertAllowed: none, recordFailure: none, recordSuccess: none };
  }
  const settings = { ...DEFAULT_LOGIN_THROTTLE, ...options };
  const windowMs = settings.windowSeconds * 1000;
  const limited = (attempt: AttemptKeys) =>
    [
      attempt.account === undefined
        ? undefined
        : { key: hashKey("account", attempt.account), limit: settings.perAccount },
      attempt.address === undefined
        ? undefined
        : { key: hashKey("address", attempt.address), limit: settings.perAddress },
    ].filter((entry) => entry !== undefined);

  return {
    async assertAllowed(attempt) {
      const keys = limited(attempt);
      if (keys.length === 0) return;
      const rows = await store.readThrottles(keys.map(({ key }) => key));
      const at = now();
      let retryAfterMs = 0;
      for (const row of rows) {
        const limit = keys.find(({ key }) => key === row.key)?.limit ?? Infinity;
        const endsAt = row.windowStart.getTime() + windowMs;
        if (row.failures >= limit && endsAt > at) retryAfterMs = Math.max(retryAfterMs, endsAt - at);
      }
      if (retryAfterMs > 0) throw new TooManyAttemptsError(Math.ceil(retryAfterMs / 1000));
    },
    async recordFailure(attempt) {
      const at = now();
      for (const { key } of limited(attempt)) {
        await store.recordThrottleFailure(key, new Date(at), new Date(at - windowMs));
      }
    },
    async recordSuccess(attempt) {
      if (attempt.account !== undefined) await store.clearThrottle(hashKey("account", attempt.account));
    },
  };
}
