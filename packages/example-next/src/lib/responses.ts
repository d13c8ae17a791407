import {
  EmailTakenError,
  ForbiddenOriginError,
  InvalidCredentialsError,
  InvalidInputError,
  type SessionUser,
} from "@userbridge/session";

export const userJson = ({ id, email, name }: SessionUser) => ({ user: { id, email, name } });

const STATUS = new Map<unknown, number>([
  [InvalidInputError, 400],
  [InvalidCredentialsError, 401],
  [ForbiddenOriginError, 403],
  [EmailTakenError, 409],
]);

/** The JSON answer to a session error a client can fix; anything else is rethrown (a 500). */
export function errorResponse(error: unknown, headers?: Headers): Response {
  const status = error instanceof Error ? STATUS.get(error.constructor) : undefined;
  if (status === undefined) throw error;
  const { code, message } = error as InvalidInputError;
  return Response.json({ error: { code, message } }, { status, ...(headers && { headers }) });
}

export async function jsonBody(request: Request): Promise<unknown> {
  return request.json().catch(() => ({}));
}
