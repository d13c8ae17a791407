import type { ServerResponse } from "node:http";
import { DatabaseUnavailableError } from "@userbridge/db";
import {
  EmailTakenError,
  ForbiddenOriginError,
  InvalidCredentialsError,
  InvalidInputError,
  SessionError,
} from "@userbridge/session";
import { DEMO_ERROR_CODES, HttpError } from "./errors.js";

/** The JSON error body every route answers with. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fieldErrors?: Readonly<Record<string, readonly string[]>>;
    readonly database?: string;
  };
}

const SESSION_STATUS = new Map<new (...args: never[]) => SessionError, number>([
  [InvalidInputError, 400],
  [InvalidCredentialsError, 401],
  [ForbiddenOriginError, 403],
  [EmailTakenError, 409],
]);

/** The status and body for a failure; anything unexpected is a 500 that says nothing more. */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof DatabaseUnavailableError) {
    return {
      status: 503,
      body: {
        error: {
          code: error.code,
          message: `userbridge demo: the ${error.database} database is unavailable; try again shortly.`,
          database: error.database,
        },
      },
    };
  }
  if (error instanceof SessionError) {
    const status = [...SESSION_STATUS].find(([type]) => error instanceof type)?.[1] ?? 400;
    const fieldErrors = error instanceof InvalidInputError ? { fieldErrors: error.fieldErrors } : {};
    return { status, body: { error: { code: error.code, message: error.message, ...fieldErrors } } };
  }
  return {
    status: 500,
    body: {
      error: {
        code: DEMO_ERROR_CODES.INTERNAL,
        message: "userbridge demo: internal error (see the server log).",
      },
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
  });
  res.end(html);
}

/** 303: after a form POST, the browser GETs the page. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "cache-control": "no-store" });
  res.end();
}
