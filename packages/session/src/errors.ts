import { UserbridgeError } from "@userbridge/router";

/** Stable codes of the errors `@userbridge/session` throws: switch on `error.code`, never on the message. */
export const SESSION_ERROR_CODES = {
  INVALID_INPUT: "USERBRIDGE_INVALID_INPUT",
  INVALID_CREDENTIALS: "USERBRIDGE_INVALID_CREDENTIALS",
  EMAIL_TAKEN: "USERBRIDGE_EMAIL_TAKEN",
  FORBIDDEN_ORIGIN: "USERBRIDGE_FORBIDDEN_ORIGIN",
  SIGNUP_IN_ADMIN_CONTEXT: "USERBRIDGE_SIGNUP_IN_ADMIN_CONTEXT",
  TOO_MANY_ATTEMPTS: "USERBRIDGE_TOO_MANY_ATTEMPTS",
  INVALID_REDIRECT: "USERBRIDGE_INVALID_REDIRECT",
  HANDOFF_STATE_MISMATCH: "USERBRIDGE_HANDOFF_STATE_MISMATCH",
  INVALID_HANDOFF_CODE: "USERBRIDGE_INVALID_HANDOFF_CODE",
  HANDOFF_NOT_CONFIGURED: "USERBRIDGE_HANDOFF_NOT_CONFIGURED",
  METHOD_NOT_ALLOWED: "USERBRIDGE_METHOD_NOT_ALLOWED",
} as const;

export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[keyof typeof SESSION_ERROR_CODES];

/** Base class of the request-level errors of `@userbridge/session` (config errors are InvalidConfigError). */
export class SessionError extends UserbridgeError<SessionErrorCode> {}

/** A body that fails validation; `fieldErrors` maps each field to its messages (answer 400). */
export class InvalidInputError extends SessionError {
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;

  constructor(fieldErrors: Record<string, string[]>) {
    const summary = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
      .join("; ");
    super(
      SESSION_ERROR_CODES.INVALID_INPUT,
      `userbridge: invalid input (${summary}). Fix these fields and retry.`,
      { status: 400 },
    );
    this.fieldErrors = fieldErrors;
  }
}

/** Unknown email or wrong password: deliberately the same error for both (answer 401). */
export class InvalidCredentialsError extends SessionError {
  constructor() {
    super(SESSION_ERROR_CODES.INVALID_CREDENTIALS, "userbridge: invalid email or password.", { status: 401 });
  }
}

/** Signup with an email that already has a user (answer 409). */
export class EmailTakenError extends SessionError {
  constructor(cause?: unknown) {
    super(SESSION_ERROR_CODES.EMAIL_TAKEN, "userbridge: this email already has an account; log in instead.", {
      cause,
      status: 409,
    });
  }
}

/** A state-changing request from an origin that is neither the site's own nor trusted (answer 403). */
export class ForbiddenOriginError extends SessionError {
  readonly origin: string;

  constructor(origin: string) {
    super(
      SESSION_ERROR_CODES.FORBIDDEN_ORIGIN,
      `userbridge: refusing a request from origin ${JSON.stringify(origin)}. ` +
        "If that site is yours, add its origin to SESSION_TRUSTED_ORIGINS.",
      { status: 403 },
    );
    this.origin = origin;
  }
}

/**
 * `auth.users.signup` inside an admin routing context (answer 403). The shared login never creates
 * site-admin accounts: create those with `auth.admins` tooling (`pnpm demo:admin`, your own script).
 */
export class SignupInAdminContextError extends SessionError {
  constructor() {
    super(
      SESSION_ERROR_CODES.SIGNUP_IN_ADMIN_CONTEXT,
      "userbridge: auth.users.signup was called while the request is routed as admin; the shared signup " +
        "never runs there. Serve signup outside /admin, and create admin users with a script.",
      { status: 403 },
    );
  }
}

/** Too many failed logins for this account or address (answer 429 with `Retry-After: retryAfterSeconds`). */
export class TooManyAttemptsError extends SessionError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(
      SESSION_ERROR_CODES.TOO_MANY_ATTEMPTS,
      `userbridge: too many failed attempts; try again in ${retryAfterSeconds} s.`,
      { status: 429 },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A redirect target that is not allowed (answer 400, and redirect nowhere): a `next` that is not a
 * path on this site, or a `return_to` whose origin is not in SESSION_TRUSTED_ORIGINS.
 */
export class InvalidRedirectError extends SessionError {
  readonly parameter: string;

  constructor(parameter: string, reason: string) {
    super(SESSION_ERROR_CODES.INVALID_REDIRECT, `userbridge: refusing ${parameter}: ${reason}.`, {
      status: 400,
    });
    this.parameter = parameter;
  }
}

/**
 * A hand-off callback whose `state` does not match this browser's hand-off cookie, or a browser with no
 * (valid) hand-off cookie: it was started elsewhere (login CSRF) or too long ago (answer 400).
 */
export class HandoffStateMismatchError extends SessionError {
  constructor() {
    super(
      SESSION_ERROR_CODES.HANDOFF_STATE_MISMATCH,
      "userbridge: this sign-in was not started in this browser, or it expired; start it again.",
      { status: 400 },
    );
  }
}

/** A hand-off code that is unknown, used, expired, for another origin or another verifier (answer 401). */
export class InvalidHandoffCodeError extends SessionError {
  constructor() {
    super(
      SESSION_ERROR_CODES.INVALID_HANDOFF_CODE,
      "userbridge: the sign-in code is invalid, used or expired; start the sign-in again.",
      { status: 401 },
    );
  }
}

/** `/sso/start` on a site without SESSION_HOME_URL (answer 404: this site has no hand-off). */
export class HandoffNotConfiguredError extends SessionError {
  constructor() {
    super(
      SESSION_ERROR_CODES.HANDOFF_NOT_CONFIGURED,
      "userbridge: this site has no SESSION_HOME_URL, so it does not hand sign-ins to another site.",
      { status: 404 },
    );
  }
}
