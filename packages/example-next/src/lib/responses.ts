import { SESSION_ERROR_CODES, type SessionUser } from "@userbridge/session";

export const userJson = ({ id, email, name }: SessionUser) => ({ user: { id, email, name } });

// By `code`, not by class: Next bundles @userbridge/session into more than one chunk, and the Auth
// object (one per process) may throw the classes of another copy than the one importing them here.
const STATUS = new Map<unknown, number>([
  [SESSION_ERROR_CODES.INVALID_INPUT, 400],
  [SESSION_ERROR_CODES.INVALID_CREDENTIALS, 401],
  [SESSION_ERROR_CODES.FORBIDDEN_ORIGIN, 403],
  [SESSION_ERROR_CODES.EMAIL_TAKEN, 409],
]);

const codeOf = (error: unknown): unknown =>
  error instanceof Error ? (error as { code?: unknown }).code : undefined;

/** Wrong password, unknown email or a malformed form: the login page shows an error. */
export function isLoginFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code === SESSION_ERROR_CODES.INVALID_CREDENTIALS || code === SESSION_ERROR_CODES.INVALID_INPUT;
}

/** The JSON answer to a session error a client can fix; anything else is rethrown (a 500). */
export function errorResponse(error: unknown, headers?: Headers): Response {
  const status = STATUS.get(codeOf(error));
  if (status === undefined) throw error;
  const { code, message } = error as Error & { code: string };
  return Response.json({ error: { code, message } }, { status, ...(headers && { headers }) });
}

export async function jsonBody(request: Request): Promise<unknown> {
  return request.json().catch(() => ({}));
}
