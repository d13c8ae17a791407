import { statusOf } from "@userbridge/db";
import { InvalidInputError, SESSION_ERROR_CODES, type SessionUser } from "@userbridge/session";

export const userJson = ({ id, email, name }: SessionUser) => ({ user: { id, email, name } });

interface ErrorFields {
  readonly code?: unknown;
  readonly fieldErrors?: unknown;
  readonly database?: unknown;
}

/**
 * The JSON answer to any error a route handler catches: a userbridge error gets its own `status`
 * (400 bad input, 401 wrong password, 403, 409, 429, 503 database unavailable...); anything else is
 * a 500. Read with statusOf, not instanceof: Next bundles @userbridge/* into more than one chunk,
 * and the process-wide Auth object may throw the classes of another copy than the one imported here.
 * A 5xx says only what a client can act on; the details go to the server log.
 */
export function errorResponse(error: unknown, headers?: Headers): Response {
  const status = statusOf(error) ?? 500;
  const init = { status, ...(headers && { headers }) };
  if (status >= 500) console.error(error);
  const { code, fieldErrors, database } = error as Error & ErrorFields;
  if (status === 503) {
    const what = typeof database === "string" ? `the ${database} database is` : "a service is";
    const message = `userbridge example: ${what} unavailable; try again shortly.`;
    return Response.json(
      { error: { code, message, ...(typeof database === "string" && { database }) } },
      init,
    );
  }
  if (status >= 500) {
    const message = "userbridge example: internal error (see the server log).";
    return Response.json({ error: { code: statusOf(error) ? code : "USERBRIDGE_INTERNAL", message } }, init);
  }
  const { message } = error as Error;
  return Response.json({ error: { code, message, ...(fieldErrors !== undefined && { fieldErrors }) } }, init);
}

/** Wrong password, unknown email or a malformed form: the login page shows an error. */
export function isLoginFailure(error: unknown): boolean {
  const code = error instanceof Error ? (error as ErrorFields).code : undefined;
  return code === SESSION_ERROR_CODES.INVALID_CREDENTIALS || code === SESSION_ERROR_CODES.INVALID_INPUT;
}

/** The request's JSON body. @throws InvalidInputError (400 "malformed JSON body") when it does not parse. */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidInputError({ body: ["malformed JSON body"] });
  }
}
