export { type Auth, type AuthOptions, createAuth } from "./auth.js";
export {
  resolveSessionConfig,
  SESSION_ENV,
  type SessionConfig,
  type SessionConfigOptions,
} from "./config.js";
export type { CookieCarrier, CookieStoreCarrier, FetchCarrier, NodeCarrier } from "./cookies.js";
export {
  EmailTakenError,
  ForbiddenOriginError,
  HandoffNotConfiguredError,
  HandoffStateMismatchError,
  InvalidCredentialsError,
  InvalidHandoffCodeError,
  InvalidInputError,
  InvalidRedirectError,
  SESSION_ERROR_CODES,
  SessionError,
  type SessionErrorCode,
  SignupInAdminContextError,
  TooManyAttemptsError,
} from "./errors.js";
export { sessionFingerprint, warnUnlessSharedSessions } from "./fingerprint.js";
export {
  type AuthorizeResult,
  HANDOFF_CODE_TTL_SECONDS,
  HANDOFF_COOKIE_TTL_SECONDS,
  type Handoff,
} from "./handoff.js";
export { MAX_CODES_PER_SESSION } from "./handoff-store.js";
export { type LoginInput, loginInput, parseInput, type SignupInput, signupInput } from "./input.js";
export {
  OWASP_SCRYPT,
  type PasswordCheck,
  type PasswordHasher,
  type ScryptParams,
  scryptHasher,
} from "./password.js";
export { MAX_POSITIONS, type Positions } from "./positions.js";
export { safeNextPath, trustedReturnTo } from "./redirects.js";
export type { CachedSession, SessionCache, SessionCacheOptions, SessionChangeFeed } from "./session-cache.js";
export type { ClientAddress, SessionApi, UserSessionApi } from "./sessions.js";
export type { SsoRoutes, SsoRoutesOptions } from "./sso-routes.js";
export type { CausalPositions, IdentityClient, SessionDb, SessionUser } from "./store.js";
export { DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from "./throttle.js";
export { type CreatePasswordUserOptions, createPasswordUser } from "./users.js";
