import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, base64url: what the cookie carries (sealed). */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the Session row stores: a database leak must not hand out live cookies. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
