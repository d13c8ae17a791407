import { UserbridgeError } from "@userbridge/db";

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

/** An error that is already an HTTP answer. */
export class HttpError extends UserbridgeError<DemoErrorCode> {
  constructor(status: number, code: DemoErrorCode, message: string) {
    super(code, message, { status });
  }
}
