import type { ServerResponse } from "node:http";
import { statusOf } from "@userbridge/db";
import { DEMO_ERROR_CODES, fieldErrorsOf, unavailableDatabase } from "./errors.js";

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

/**
 * The status and body for a failure: the status the error carries (`statusOf`, the one mapping, also
 * for a copy of a package whose classes `instanceof` would not know); a database that is unavailable
 * is named; anything else is a 500 that says nothing more.
 */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  const status = statusOf(error);
  const { code, message } = error as { code: string; message: string };
  const database = unavailableDatabase(error);
  if (database !== undefined) {
    const text = `userbridge demo: the ${database} database is unavailable; try again shortly.`;
    return { status: 503, body: { error: { code, message: text, database } } };
  }
  if (status === undefined || status >= 500) return INTERNAL;
  const fieldErrors = fieldErrorsOf(error);
  return { status, body: { error: { code, message, ...(fieldErrors && { fieldErrors }) } } };
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

/** After a successful POST: an HTML form is sent to `location` (303), a JSON client gets `json`. */
export function formOrJson(
  res: ServerResponse,
  kind: "json" | "form" | "empty",
  location: string,
  status: number,
  json: unknown,
): void {
  if (kind === "form") redirect(res, location);
  else sendJson(res, status, json);
}
