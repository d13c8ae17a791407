import type { ServerResponse } from "node:http";
import { DatabaseUnavailableError, UserbridgeError } from "@userbridge/db";
import { InvalidInputError } from "@userbridge/session";
import { DEMO_ERROR_CODES } from "./errors.js";

/** The JSON error body every route answers with. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fieldErrors?: Readonly<Record<string, readonly string[]>>;
    readonly database?: string;
  };
}

const INTERNAL: { status: number; body: ErrorBody } = {
  status: 500,
  body: {
    error: {
      code: DEMO_ERROR_CODES.INTERNAL,
      message: "userbridge demo: internal error (see the server log).",
    },
  },
};

/** The status and body for a failure: the error's own `status`; anything unexpected is a 500 that says nothing more. */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DatabaseUnavailableError) {
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: `userbridge demo: the ${error.database} database is unavailable; try again shortly.`,
          database: error.database,
        },
      },
    };
  }
  if (error instanceof UserbridgeError && error.status < 500) {
    const fieldErrors = error instanceof InvalidInputError ? { fieldErrors: error.fieldErrors } : {};
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...fieldErrors } },
    };
  }
  return INTERNAL;
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
