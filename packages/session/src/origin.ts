import { ForbiddenOriginError } from "./errors.js";

/**
 * Refuses a cross-site state-changing request: `Origin` must name the host the request was sent
 * to, or be listed in `trustedOrigins`. A request without `Origin` (curl, server-to-server, old
 * browsers on same-origin GET-like forms) is allowed; `Origin: null` is not.
 * @throws ForbiddenOriginError
 */
export function assertAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  trustedOrigins: readonly string[],
): void {
  if (origin === undefined) return;
  const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
  if (parsed === undefined || parsed.origin === "null") throw new ForbiddenOriginError(origin);
  if (trustedOrigins.includes(parsed.origin)) return;
  // Compare hosts, not schemes: behind a TLS-terminating proxy the server itself sees plain http.
  const ownHost =
    host && URL.canParse(`${parsed.protocol}//${host}`)
      ? new URL(`${parsed.protocol}//${host}`).host
      : undefined;
  if (ownHost !== undefined && ownHost === parsed.host) return;
  throw new ForbiddenOriginError(origin);
}
