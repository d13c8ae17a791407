import { statusOf, USERBRIDGE_ERROR_CODES, UserbridgeError } from "@userbridge/db";

/** Codes of the demo's own HTTP errors (the session and database errors carry theirs). */
export const DEMO_ERROR_CODES = {
  MALFORMED_BODY: "USERBRIDGE_MALFORMED_BODY",
  UNSUPPORTED_MEDIA_TYPE: "USERBRIDGE_UNSUPPORTED_MEDIA_TYPE",
  BODY_TOO_LARGE: "USERBRIDGE_BODY_TOO_LARGE",
  UNAUTHENTICATED: "USERBRIDGE_UNAUTHENTICATED",
  NOT_FOUND: "USERBRIDGE_NOT_FOUND",
  METHOD_NOT_ALLOWED: "USERBRIDGE_METHOD_NOT_ALLOWED",
  INTERNAL: "USERBRIDGE_INTERNAL",
} as const;

export type DemoErrorCode = (typeof DEMO_ERROR_CODES)[keyof typeof DEMO_ERROR_CODES];

/** An error that is already an HTTP answer: like every userbridge error, it carries its `status`. */
export class HttpError extends UserbridgeError<DemoErrorCode> {
  constructor(status: number, code: DemoErrorCode, message: string) {
    super(code, message, { status });
  }
}

/** The fields userbridge errors carry besides `code` and `status`, read without `instanceof`. */
interface ErrorDetails {
  readonly code?: unknown;
  readonly fieldErrors?: unknown;
  readonly database?: unknown;
  readonly retryAfterSeconds?: unknown;
}

const details = (error: unknown): ErrorDetails => (error instanceof Error ? (error as ErrorDetails) : {});

/** The database a DatabaseUnavailableError names (`shared`, `app`), else undefined. */
export function unavailableDatabase(error: unknown): string | undefined {
  const { code, database } = details(error);
  return statusOf(error) === 503 &&
    code === USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE &&
    typeof database === "string"
    ? database
    : undefined;
}

/** A TooManyAttemptsError's wait, for Retry-After, else undefined. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const { retryAfterSeconds: seconds } = details(error);
  return statusOf(error) === 429 && typeof seconds === "number" ? seconds : undefined;
}

/** An InvalidInputError's field errors, else undefined. */
export function fieldErrorsOf(error: unknown): Readonly<Record<string, readonly string[]>> | undefined {
  const { fieldErrors } = details(error);
  return statusOf(error) === 400 && typeof fieldErrors === "object" && fieldErrors !== null
    ? (fieldErrors as Record<string, readonly string[]>)
    : undefined;
}
