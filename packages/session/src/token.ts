import { createHash, randomBytes, randomUUID } from "node:crypto";

/** 256 random bits, base64url: what the cookie carries (sealed). */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the Session row stores: a database leak must not hand out live cookies. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new session family: the sessions one login has on every site (see logout). */
export function newFamilyId(): string {
  return randomUUID();
}

/** The PKCE-style (S256) challenge of a hand-off verifier: base64url(SHA-256(verifier)), 43 characters. */
export function handoffChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}
