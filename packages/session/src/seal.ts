import { sealData, type UnsealErrorReason, unsealData } from "iron-session";
import { z } from "zod";
import { hashSessionToken } from "./token.js";
import { ExpiringLruCache } from "./unseal-cache.js";

/** The only content of a session cookie: a format version and the random token. */
const SEAL_VERSION = 1;
const sealContent = z.object({ v: z.literal(SEAL_VERSION), t: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/) });

export interface SealerOptions {
  readonly passwords: Readonly<Record<string, string>>;
  /** Seconds the seal stays valid (iron-session adds 60 s of clock skew when unsealing). */
  readonly ttl: number;
  readonly cacheSize: number;
  readonly onRejected: (reason: UnsealErrorReason | "malformed") => void;
  /** iron-session's unseal, replaceable so tests can count calls. @default unsealData */
  readonly unseal?: (seal: string, options: Parameters<typeof unsealData>[1]) => Promise<unknown>;
}

/** Seals tokens into cookie values and reads them back as token hashes. */
export interface Sealer {
  seal(token: string): Promise<string>;
  /** The SHA-256 hash of the token inside `cookie`, or undefined for anything not a valid seal. */
  tokenHash(cookie: string, now: number): Promise<string | undefined>;
  forget(cookie: string): void;
}

// iron's format is Fe26.2*id*salt*iv*data*expiration*hmacSalt*hmac; the HMAC covers the expiration
// (milliseconds), so once unseal succeeded it can be trusted to cap the cache entry.
function sealExpiry(cookie: string): number | undefined {
  const expiration = Number(cookie.split("~", 1)[0]?.split("*")[5]);
  return Number.isSafeInteger(expiration) && expiration > 0 ? expiration : undefined;
}

export function createSealer(options: SealerOptions): Sealer {
  const cache = new ExpiringLruCache<string>(options.cacheSize);
  const { passwords, ttl, onRejected, unseal = unsealData } = options;

  return {
    seal: (token) => sealData({ v: SEAL_VERSION, t: token }, { password: { ...passwords }, ttl }),

    async tokenHash(cookie, now) {
      const cached = cache.get(cookie, now);
      if (cached !== undefined) return cached;
      const content = await unseal(cookie, {
        password: { ...passwords },
        ttl,
        onUnsealError: (reason) => onRejected(reason),
      });
      const parsed = sealContent.safeParse(content);
      if (!parsed.success) {
        // unsealData already reported its own failures; an empty object is one of them.
        if (content !== null && typeof content === "object" && Object.keys(content).length > 0)
          onRejected("malformed");
        return undefined;
      }
      const hash = hashSessionToken(parsed.data.t);
      const expiresAt = sealExpiry(cookie);
      if (expiresAt !== undefined) cache.set(cookie, hash, Math.min(expiresAt, now + ttl * 1000));
      return hash;
    },

    forget: (cookie) => cache.delete(cookie),
  };
}
