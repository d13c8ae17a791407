/** Stable codes: switch on `error.code`, never on the message. */
export const USERBRIDGE_ERROR_CODES = {
  INVALID_CONFIG: "USERBRIDGE_INVALID_CONFIG",
  MISSING_ROUTING_CONTEXT: "USERBRIDGE_MISSING_ROUTING_CONTEXT",
  CROSS_DATABASE_TRANSACTION: "USERBRIDGE_CROSS_DATABASE_TRANSACTION",
  UNKNOWN_CLIENT: "USERBRIDGE_UNKNOWN_CLIENT",
  UNKNOWN_MODEL: "USERBRIDGE_UNKNOWN_MODEL",
  DATABASE_UNAVAILABLE: "USERBRIDGE_DATABASE_UNAVAILABLE",
} as const;

export type UserbridgeErrorCode = (typeof USERBRIDGE_ERROR_CODES)[keyof typeof USERBRIDGE_ERROR_CODES];

/** Base class of every error userbridge throws on purpose. Messages start with the package name. */
export class UserbridgeError extends Error {
  readonly code: UserbridgeErrorCode;

  constructor(code: UserbridgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad configuration: names every problem at once so one fix-and-retry is enough. */
export class InvalidConfigError extends UserbridgeError {
  readonly issues: readonly string[];

  constructor(source: string, issues: readonly string[]) {
    super(
      USERBRIDGE_ERROR_CODES.INVALID_CONFIG,
      `userbridge: invalid ${source}:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`,
    );
    this.issues = issues;
  }
}
