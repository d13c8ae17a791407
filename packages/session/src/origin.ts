import { ForbiddenOriginError } from "./errors.js";

/**
 * Refuses a cross-site state-changing request: `Origin` must be exactly the origin the request was
 * sent to (scheme, host and port: `http://site` cannot post to `https://site`), or be listed in
 * `trustedOrigins`. A request without `Origin` (curl, server-to-server, old browsers on same-origin
 * GET-like forms) is allowed; `Origin: null` is not. Behind a TLS-terminating proxy the scheme comes
 * from `X-Forwarded-Proto` / `Forwarded` (see requestCookies).
 * @throws ForbiddenOriginError
 */
export function assertAllowedOrigin(
  origin: string | undefined,
  ownOrigin: string | undefined,
  trustedOrigins: readonly string[],
): void {
  if (origin === undefined) return;
  const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
  if (parsed === undefined || parsed.origin === "null") throw new ForbiddenOriginError(origin);
  if (trustedOrigins.includes(parsed.origin)) return;
  if (ownOrigin !== undefined && ownOrigin === parsed.origin) return;
  throw new ForbiddenOriginError(origin);
}
