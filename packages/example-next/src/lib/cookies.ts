import type { CookieStoreCarrier } from "@userbridge/session";
import { cookies, headers } from "next/headers";

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * The session cookie carrier for server components and server actions. `cookies()` knows nothing of
 * the request, so decide `Secure` here: off only for plain-http localhost (as the session's "auto" does).
 */
export async function cookieCarrier(): Promise<CookieStoreCarrier> {
  const requestHeaders = await headers();
  const host = requestHeaders.get("host") ?? "";
  const https = requestHeaders.get("x-forwarded-proto") === "https";
  return [await cookies(), { secure: https || !LOOPBACK.test(host) }];
}
