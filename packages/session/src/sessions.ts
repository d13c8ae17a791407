import type { IncomingMessage } from "node:http";
import { DatabaseUnavailableError, getRoutingContext } from "@userbridge/router";
import type { SessionConfig } from "./config.js";
import {
  type CookieCarrier,
  type CookieSpec,
  type RequestCookies,
  requestCookies,
  writeSessionCookie,
} from "./cookies.js";
import { EmailTakenError, InvalidCredentialsError, SignupInAdminContextError } from "./errors.js";
import { loginInput, parseInput } from "./input.js";
import { assertAllowedOrigin } from "./origin.js";
import type { PasswordHasher } from "./password.js";
import { revocationRetry } from "./revocation-retry.js";
import type { Sealer } from "./seal.js";
import type { CachedSession, SessionCache } from "./session-cache.js";
import { type IdentityStore, type SessionUser, TOUCH_INTERVAL_MS } from "./store.js";
import { type LoginThrottleOptions, loginThrottle } from "./throttle.js";
import { hashSessionToken, newSessionToken } from "./token.js";
import { addPasswordUser } from "./users.js";

/** Sessions of one kind (the shared user session, or a site's admin session). */
export interface SessionApi {
  /** The logged-in user, or null (no, bad, expired or revoked cookie). One query; never writes a cookie. */
  getUser(...carrier: CookieCarrier): Promise<SessionUser | null>;
  /**
   * Checks `{ email, password }` and starts a new session (a new token: the previous one of this
   * browser is deleted). Re-hashes the password when it was stored with weaker parameters.
   * @throws ForbiddenOriginError, InvalidInputError, InvalidCredentialsError (unknown email or wrong
   *   password alike), TooManyAttemptsError (too many failures for this account or address: answer 429)
   */
  login(input: unknown, ...carrier: CookieCarrier): Promise<SessionUser>;
  /**
   * Deletes this browser's session row, then clears the cookie (same Domain and Path). A logout is a
   * revocation: when the row cannot be deleted (DatabaseUnavailableError) the cookie is kept so the
   * browser can retry, and this process retries the delete in the background until the database
   * answers (the token counts as logged out here meanwhile).
   * @throws ForbiddenOriginError, DatabaseUnavailableError
   */
  logout(...carrier: CookieCarrier): Promise<void>;
  /** Deletes every session of the user, on every site. @returns how many sessions ended */
  logoutEverywhere(userId: string): Promise<number>;
  /** Creates a user with a password, without a session (scripts, `demo:admin`). @throws InvalidInputError, EmailTakenError */
  createUser(input: unknown): Promise<SessionUser>;
  /** Deletes expired and idle session rows (and login-throttle rows past their window); run it now and then. @returns how many sessions */
  purgeExpired(): Promise<number>;
  /** Throws ForbiddenOriginError unless the request's `Origin` is absent, its own, or trusted. */
  assertAllowedOrigin(...carrier: CookieCarrier): void;
}

/** The shared user session: also signs up. */
export interface UserSessionApi extends SessionApi {
  /**
   * Creates the user (`{ email, password, name? }`) and logs them in.
   * @throws ForbiddenOriginError, InvalidInputError, EmailTakenError, SignupInAdminContextError,
   *   TooManyAttemptsError (too many duplicate signups from this address)
   */
  signup(input: unknown, ...carrier: CookieCarrier): Promise<SessionUser>;
}

export interface SessionManagerOptions {
  readonly config: SessionConfig;
  readonly cookie: CookieSpec;
  readonly store: IdentityStore;
  readonly sealer: Sealer;
  readonly hasher: PasswordHasher;
  readonly now: () => number;
  /** Resolved sessions in memory (the shared login only). @default none */
  readonly cache?: SessionCache;
  /** Login rate limits, or `false` for none. @default DEFAULT_LOGIN_THROTTLE */
  readonly throttle?: LoginThrottleOptions | false;
  /** The client's address for the per-address limit. @default the socket's peer (Node requests only) */
  readonly clientAddress?: ClientAddress;
}

/** Where a request comes from, for rate limits (behind a proxy: the address the proxy reports). */
export type ClientAddress = (request: IncomingMessage | Request) => string | undefined;

const publicUser = ({ id, email, name }: SessionUser): SessionUser => ({ id, email, name });

export function createSessionManager(options: SessionManagerOptions): UserSessionApi {
  const { config, cookie, store, sealer, hasher, now } = options;

  /** The client's address, or undefined (then only the per-account limit applies). */
  function addressOf(carrier: CookieCarrier, request: RequestCookies): string | undefined {
    const [first] = carrier;
    const isRequest = first instanceof Request || "socket" in first;
    return options.clientAddress && isRequest
      ? options.clientAddress(first as IncomingMessage | Request)
      : request.address;
  }

  function checkOrigin(request: RequestCookies): void {
    assertAllowedOrigin(request.origin, request.ownOrigin, config.trustedOrigins);
  }

  async function currentTokenHash(request: RequestCookies): Promise<string | undefined> {
    const value = request.jar.read(cookie.name);
    return value ? sealer.tokenHash(value, now()) : undefined;
  }

  async function startSession(request: RequestCookies, userId: string): Promise<void> {
    // No fixation: whatever token this browser had is dead once it logs in.
    const previous = await currentTokenHash(request);
    if (previous !== undefined) await store.deleteSession({ tokenHash: previous });
    const token = newSessionToken();
    const at = now();
    await store.createSession({
      tokenHash: hashSessionToken(token),
      userId,
      now: new Date(at),
      expires: new Date(at + config.ttl * 1000),
    });
    writeSessionCookie(request, cookie, config.secure, await sealer.seal(token), config.ttl);
  }

  const { cache } = options;
  /** lastSeenAt is written at most once per TOUCH_INTERVAL_MS per session, off the request's path. */
  function touchInBackground(session: CachedSession, at: number): void {
    if (at - session.lastSeenAt < TOUCH_INTERVAL_MS) return;
    session.lastSeenAt = at;
    // Best effort: a failed touch can only make the idle timeout end a session early, never late.
    store.touchSession(session.sessionId, new Date(at)).catch(() => {});
  }

  const createUser = (input: unknown) => addPasswordUser(store, hasher, input);
  const throttle = loginThrottle(store, options.throttle, now);
  const retries = revocationRetry({ revoke: (tokenHash) => store.deleteSessionFamily(tokenHash), now });

  return {
    async getUser(...carrier) {
      const request = requestCookies(carrier);
      const value = request.jar.read(cookie.name);
      if (!value) return null;
      const at = now();
      const tokenHash = await sealer.tokenHash(value, at);
      if (tokenHash === undefined || retries.has(tokenHash)) return null;
      // Warm: no query. Expired or idle by this process' clock: ask the database (another site may have
      // seen the session since), which decides and deletes.
      const cached = cache?.get(tokenHash, at);
      if (cached && cached.expires > at && at - cached.lastSeenAt <= config.idleTimeout * 1000) {
        touchInBackground(cached, at);
        return cached.user;
      }
      const generation = cache?.generation ?? 0;
      const session = await store.findSession(tokenHash);
      if (session === undefined) {
        sealer.forget(value);
        return null;
      }
      const lastSeen = session.lastSeenAt.getTime();
      if (session.expires.getTime() <= at || at - lastSeen > config.idleTimeout * 1000) {
        sealer.forget(value);
        await store.deleteSession({ sessionId: session.sessionId });
        return null;
      }
      const resolved = {
        user: publicUser(session),
        sessionId: session.sessionId,
        expires: session.expires.getTime(),
        lastSeenAt: lastSeen,
      };
      touchInBackground(resolved, at);
      cache?.set(tokenHash, resolved, generation, at);
      return resolved.user;
    },

    async signup(input, ...carrier) {
      const request = requestCookies(carrier);
      // A route/flag disagreement must never mint an account; the shared signup is never the admin's.
      if (getRoutingContext()?.admin === true) {
        throw new SignupInAdminContextError();
      }
      checkOrigin(request);
      // A duplicate signup says the email exists: count it against the address, like a failed login.
      const address = { address: addressOf(carrier, request) };
      await throttle.reserve(address);
      const user = await createUser(input).catch(async (error: unknown) => {
        // A duplicate keeps its slot (it probed an email); anything else gives it back.
        if (!(error instanceof EmailTakenError)) await throttle.succeeded(address);
        throw error;
      });
      await throttle.succeeded(address);
      await startSession(request, user.id);
      return user;
    },

    async login(input, ...carrier) {
      const request = requestCookies(carrier);
      checkOrigin(request);
      const { email, password } = parseInput(loginInput, input);
      const attempt = { account: email, address: addressOf(carrier, request) };
      // Counted before any lookup, whether the account exists or not (a lock reveals nothing about it),
      // and before the password is checked, so parallel guesses each take a slot.
      await throttle.reserve(attempt);
      const user = await store.findUserByEmail(email);
      // Always one scrypt run, so an unknown email answers like a wrong password, in similar time.
      const check = await hasher.verify(password, user?.passwordHash);
      if (user === undefined || !check.ok) throw new InvalidCredentialsError();
      await throttle.succeeded(attempt);
      if (check.needsRehash) await store.setPasswordHash(user.id, await hasher.hash(password));
      await startSession(request, user.id);
      return publicUser(user);
    },

    async logout(...carrier) {
      const request = requestCookies(carrier);
      checkOrigin(request);
      const value = request.jar.read(cookie.name);
      const tokenHash = value ? await sealer.tokenHash(value, now()) : undefined;
      // The row first: if the database is down this throws (503) and the cookie stays for a retry;
      // this process retries too, and treats the token as logged out meanwhile.
      if (tokenHash !== undefined) {
        try {
          // The whole family: a hand-off's session on another site ends with this one.
          await store.deleteSessionFamily(tokenHash);
        } catch (error) {
          if (error instanceof DatabaseUnavailableError) retries.add(tokenHash, now() + config.ttl * 1000);
          throw error;
        }
      }
      if (value) sealer.forget(value);
      writeSessionCookie(request, cookie, config.secure, "", 0);
    },

    logoutEverywhere: (userId) => store.deleteUserSessions(userId),

    createUser,

    async purgeExpired() {
      const at = now();
      await throttle.purge();
      return store.deleteExpiredSessions(new Date(at), new Date(at - config.idleTimeout * 1000));
    },

    assertAllowedOrigin(...carrier) {
      checkOrigin(requestCookies(carrier));
    },
  };
}
