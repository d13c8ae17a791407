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
import { type PositionCarrier, positionCarrier, samePositions } from "./positions.js";
import { revocationRetry } from "./revocation-retry.js";
import type { OpenedSeal, Sealer } from "./seal.js";
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
  /**
   * With read replicas (`db.$causal`): after a request wrote (a post created, a profile saved), seals
   * the WAL positions of its writes into this browser's session cookie, so its next request, on any
   * site, reads only replicas that have replayed them. Call it after the last write and before the
   * response's headers are sent (before `res.redirect`, `res.writeHead`, `new Response`). Login, signup
   * and the hand-off do it themselves. No session cookie, no db.$causal, or nothing written (the
   * positions are those the cookie already carries): nothing is written and no query is sent.
   * @returns whether it set the cookie
   */
  carryPositions(...carrier: CookieCarrier): Promise<boolean>;
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
  /** What cookies observe and carry of `db.$causal` (read replicas). @default none */
  readonly positions?: PositionCarrier;
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

  const positions = options.positions ?? positionCarrier(undefined);

  /**
   * This browser's cookie, opened, its WAL positions observed: call it before the request's first
   * identity read, so that read goes to a replica only if it has replayed them.
   */
  async function openCookie(request: RequestCookies): Promise<OpenedSeal | undefined> {
    const value = request.jar.read(cookie.name);
    const opened = value ? await sealer.open(value, now()) : undefined;
    if (opened) positions.observe(opened.positions);
    return opened;
  }

  async function startSession(
    request: RequestCookies,
    userId: string,
    previous: OpenedSeal | undefined,
  ): Promise<void> {
    // No fixation: whatever token this browser had is dead once it logs in.
    if (previous !== undefined) await store.deleteSession({ tokenHash: previous.tokenHash });
    const token = newSessionToken();
    const at = now();
    await store.createSession({
      tokenHash: hashSessionToken(token),
      userId,
      now: new Date(at),
      expires: new Date(at + config.ttl * 1000),
    });
    // After the session row, the request's last write: its position covers the row.
    const carried = await positions.next(previous?.positions ?? {});
    const sealed = await sealer.seal(token, { positions: carried });
    writeSessionCookie(request, cookie, config.secure, sealed, config.ttl);
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
      const opened = await sealer.open(value, at);
      if (opened === undefined) return null;
      // Before anything reads: the request's routed reads go only to replicas that are this far. (The
      // lookup itself is raw SQL, which runs on the primary: a revoked session is seen at once.)
      positions.observe(opened.positions);
      const { tokenHash } = opened;
      if (retries.has(tokenHash)) return null;
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
      const previous = await openCookie(request);
      // A duplicate signup says the email exists: count it against the address, like a failed login.
      const address = { address: addressOf(carrier, request) };
      await throttle.reserve(address);
      const user = await createUser(input).catch(async (error: unknown) => {
        // A duplicate keeps its slot (it probed an email); anything else gives it back.
        if (!(error instanceof EmailTakenError)) await throttle.succeeded(address);
        throw error;
      });
      await throttle.succeeded(address);
      await startSession(request, user.id, previous);
      return user;
    },

    async login(input, ...carrier) {
      const request = requestCookies(carrier);
      checkOrigin(request);
      const { email, password } = parseInput(loginInput, input);
      const attempt = { account: email, address: addressOf(carrier, request) };
      // Before the user's lookup: an account created a moment ago on another site is found.
      const previous = await openCookie(request);
      // Counted before any lookup, whether the account exists or not (a lock reveals nothing about it),
      // and before the password is checked, so parallel guesses each take a slot.
      await throttle.reserve(attempt);
      const user = await store.findUserByEmail(email);
      // Always one scrypt run, so an unknown email answers like a wrong password, in similar time.
      const check = await hasher.verify(password, user?.passwordHash);
      if (user === undefined || !check.ok) throw new InvalidCredentialsError();
      await throttle.succeeded(attempt);
      if (check.needsRehash) await store.setPasswordHash(user.id, await hasher.hash(password));
      await startSession(request, user.id, previous);
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

    async carryPositions(...carrier) {
      if (!positions.enabled) return false;
      const request = requestCookies(carrier);
      const opened = await openCookie(request);
      if (opened === undefined || retries.has(opened.tokenHash)) return false;
      const at = now();
      // The same token and the same expiry: only the positions change.
      const remaining = Math.floor(((opened.expiresAt ?? at + config.ttl * 1000) - at) / 1000);
      if (remaining < 1) return false;
      // Nothing written: carry() sends no query and returns what was observed, the cookie's own.
      const carried = await positions.next(opened.positions);
      if (samePositions(carried, opened.positions)) return false;
      const sealed = await sealer.seal(opened.token, { positions: carried, ttl: remaining });
      writeSessionCookie(request, cookie, config.secure, sealed, remaining);
      return true;
    },
  };
}
