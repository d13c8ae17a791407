import { createHash, createHmac } from "node:crypto";

/**
 * A short, printable value that is the same on two sites exactly when they share sessions: it
 * covers each password id with a check value of its password (an HMAC of a fixed label, so the
 * password cannot be read back from it), the cookie domain and the cookie name.
 */
export function sessionFingerprint(
  passwords: Readonly<Record<string, string>>,
  cookieDomain: string | undefined,
  cookieName: string,
): string {
  const ids = Object.keys(passwords).sort((a, b) => Number(a) - Number(b));
  const checks = ids.map((id) => {
    const check = createHmac("sha256", passwords[id] ?? "")
      .update("userbridge-session-fingerprint")
      .digest("hex");
    return `${id}:${check.slice(0, 8)}`;
  });
  const domain = cookieDomain?.replace(/^\./, "") ?? "(host-only)";
  return createHash("sha256")
    .update(JSON.stringify([checks, domain, cookieName]))
    .digest("hex")
    .slice(0, 16);
}

/**
 * Compares this site's fingerprint with the ones other sites report and warns when they differ,
 * naming what to align. Call it at start-up.
 * @returns whether every fingerprint matched.
 */
export function warnUnlessSharedSessions(
  fingerprints: Readonly<Record<string, string>>,
  warn: (message: string) => void = console.warn,
): boolean {
  const distinct = new Set(Object.values(fingerprints));
  if (distinct.size <= 1) return true;
  const list = Object.entries(fingerprints)
    .map(([site, fingerprint]) => `${site}=${fingerprint}`)
    .join(", ");
  warn(
    `userbridge: these sites do NOT share sessions (session fingerprints ${list}). ` +
      "Give them the same SESSION_PASSWORD (every id), SESSION_COOKIE_DOMAIN and SESSION_COOKIE_NAME.",
  );
  return false;
}
