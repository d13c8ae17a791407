import { resolveSessionConfig, type SessionConfig, type SessionConfigOptions } from "./config.js";
import { warnUnlessSharedSessions } from "./fingerprint.js";
import { createHandoff, type Handoff } from "./handoff.js";
import { prismaHandoffStore } from "./handoff-store.js";
import { OWASP_SCRYPT, type PasswordHasher, scryptHasher } from "./password.js";
import { positionCarrier } from "./positions.js";
import { createSealer } from "./seal.js";
import { forgettingStore, type SessionCache, sessionCache } from "./session-cache.js";
import {
  type ClientAddress,
  createSessionManager,
  type SessionApi,
  type UserSessionApi,
} from "./sessions.js";
import { type SsoRoutes, type SsoRoutesOptions, ssoRoutes } from "./sso-routes.js";
import { prismaIdentityStore, type SessionDb } from "./store.js";
import type { LoginThrottleOptions } from "./throttle.js";

export interface AuthOptions extends SessionConfigOptions {
  /** The site's routed client from `createDb()`. */
  readonly db: SessionDb;
  /** Where unset options are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Password hashing. @default scryptHasher(OWASP_SCRYPT): N=2^17, r=8, p=1 */
  readonly hasher?: PasswordHasher;
  /** The clock, in milliseconds (tests). @default Date.now */
  readonly now?: () => number;
  /**
   * Login rate limits, kept in the database each login checks (identity: across all sites), or `false`.
   * @default DEFAULT_LOGIN_THROTTLE: 10 failures per account and 100 per client address per 15 minutes
   */
  readonly loginThrottle?: LoginThrottleOptions | false;
  /**
   * The client's address for the per-address login limit. Behind a reverse proxy, return the address
   * it reports (e.g. the last hop of X-Forwarded-For it appends), or every client shares the proxy's.
   * @default the socket's peer address for Node requests; none for fetch Requests and cookie stores
   *   (then only the per-account limit applies)
   * @example clientAddress: (req) => (req instanceof Request ? (req.headers.get("x-real-ip") ?? undefined) : req.socket.remoteAddress)
   */
  readonly clientAddress?: ClientAddress;
  /** Where rejected-cookie warnings go (a site lacking the sealing password id, ...). @default console */
  readonly logger?: { warn(message: string): void };
}

export interface Auth {
  readonly config: SessionConfig;
  /** Equal on two sites exactly when they share sessions; print it at start-up. */
  readonly fingerprint: string;
  /**
   * The shared session: cookie `<cookieName>` on `Path=/` (and `cookieDomain`), rows and users always
   * in the identity database (`db.$pinned("shared")`), whatever the routing context. `signup` refuses
   * to run in an admin context (SignupInAdminContextError).
   */
  readonly users: UserSessionApi;
  /**
   * This site's admin session: cookie `<cookieName>_admin` on `Path=/admin`, host-only, rows and
   * users always in the site's own database (`db.$pinned("app")`), whatever the routing context.
   */
  readonly admins: SessionApi;
  /** The shared login's in-memory session cache, when on (see SessionConfigOptions.sessionCache). */
  readonly sessionCache: SessionCache | undefined;
  /** The cross-domain hand-off of the shared login (SESSION_HOME_URL), as calls. */
  readonly handoff: Handoff;
  /**
   * The hand-off as routes: `GET /sso/start` (a site with SESSION_HOME_URL), `GET /sso/authorize` (the
   * home site), `GET /sso/callback`, for Node servers (`node(req, res)`) and fetch handlers (`fetch(request)`).
   */
  ssoRoutes(options?: SsoRoutesOptions): SsoRoutes;
}

const WARN_INTERVAL_MS = 60_000;

/**
 * Cookie sessions backed by Session rows, for the shared login and for the site's own admin.
 * @throws InvalidConfigError naming every bad option or SESSION_* variable.
 * @example
 * const db = createDb();
 * const auth = createAuth({ db });
 * const user = await auth.users.getUser(req, res);
 */
export function createAuth(options: AuthOptions): Auth {
  const config = resolveSessionConfig(options, options.env);
  const { db } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? console;
  const hasher = options.hasher ?? scryptHasher(OWASP_SCRYPT);

  if (config.expectedFingerprint !== undefined) {
    warnUnlessSharedSessions(
      { "this site": config.fingerprint, SESSION_FINGERPRINT: config.expectedFingerprint },
      (message) => logger.warn(message),
    );
  }

  const lastWarned = new Map<string, number>();
  const sealer = createSealer({
    passwords: config.passwords,
    ttl: config.ttl,
    cacheSize: config.unsealCacheSize,
    onRejected(reason) {
      // Expired and forged cookies are routine; a missing password id means a broken rotation.
      if (reason !== "unknown-password") return;
      const at = now();
      if (at - (lastWarned.get(reason) ?? -Infinity) < WARN_INTERVAL_MS) return;
      lastWarned.set(reason, at);
      logger.warn(
        "userbridge: a session cookie was sealed with a password id this site does not have; it is treated as " +
          `logged out. Add that id to SESSION_PASSWORD (this site's fingerprint: ${config.fingerprint}).`,
      );
    },
  });

  // The cache needs the identity database's change feed (createDb provides it); without one, no cache.
  const feed = db.$sessionChanges;
  const cache: SessionCache | undefined =
    config.sessionCache && feed ? sessionCache(feed, config.sessionCache) : undefined;

  // Read replicas: cookies carry the WAL positions of a request's writes to the next request.
  const positions = positionCarrier(db.$causal, (message) => logger.warn(message), now);

  const userCookie = { name: config.cookieName, path: "/", domain: config.cookieDomain };
  // The shared login: the identity database in every context, also from an admin handler (a
  // "log this user out everywhere" button lives in an admin panel).
  const identity = forgettingStore(prismaIdentityStore(db.$pinned("shared")), cache);
  const users = createSessionManager({
    ...(cache && { cache }),
    config,
    cookie: userCookie,
    store: identity,
    sealer,
    hasher,
    now,
    throttle: options.loginThrottle,
    ...(options.clientAddress && { clientAddress: options.clientAddress }),
    positions,
  });

  const { signup: _adminsNeverSignUp, ...admins } = createSessionManager({
    config,
    cookie: { name: `${config.cookieName}_admin`, path: "/admin", domain: undefined },
    store: prismaIdentityStore(db.$pinned("app")),
    sealer,
    hasher,
    now,
    throttle: options.loginThrottle,
    ...(options.clientAddress && { clientAddress: options.clientAddress }),
    positions,
  });

  const handoff = createHandoff({
    config,
    cookie: userCookie,
    sealer,
    store: identity,
    handoffs: prismaHandoffStore(db.$pinned("shared")),
    users,
    now,
    positions,
  });

  return {
    config,
    fingerprint: config.fingerprint,
    users,
    admins,
    sessionCache: cache,
    handoff,
    ssoRoutes: (routeOptions) => ssoRoutes(handoff, routeOptions),
  };
}
