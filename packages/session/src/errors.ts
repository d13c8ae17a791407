import { UserbridgeError } from "@userbridge/router";

/** Stable codes of the errors `@userbridge/session` throws: switch on `error.code`, never on the message. */
export const SESSION_ERROR_CODES = {
  INVALID_INPUT: "USERBRIDGE_INVALID_INPUT",
  INVALID_CREDENTIALS: "USERBRIDGE_INVALID_CREDENTIALS",
  EMAIL_TAKEN: "USERBRIDGE_EMAIL_TAKEN",
  FORBIDDEN_ORIGIN: "USERBRIDGE_FORBIDDEN_ORIGIN",
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
    );
    this.fieldErrors = fieldErrors;
  }
}

/** Unknown email or wrong password: deliberately the same error for both (answer 401). */
export class InvalidCredentialsError extends SessionError {
  constructor() {
    super(SESSION_ERROR_CODES.INVALID_CREDENTIALS, "userbridge: invalid email or password.");
  }
}

/** Signup with an email that already has a user (answer 409). */
export class EmailTakenError extends SessionError {
  constructor(cause?: unknown) {
    super(SESSION_ERROR_CODES.EMAIL_TAKEN, "userbridge: this email already has an account; log in instead.", {
      cause,
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
    );
    this.origin = origin;
  }
}
