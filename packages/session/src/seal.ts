import { sealData, type UnsealErrorReason, unsealData } from "iron-session";
import { z } from "zod";
import { type Positions, readPositions } from "./positions.js";
import { hashSessionToken } from "./token.js";
import { ExpiringLruCache } from "./unseal-cache.js";

/**
 * A session cookie's content: a format version, the random token, and optionally (`p`) the WAL
 * positions the user's next request must find replayed (read replicas). Still version 1: a site of an
 * older version reads `{ v, t }` and ignores `p` (zod strips unknown keys), so a fleet can be upgraded
 * one site at a time without logging anyone out; a malformed `p` is ignored, never the token.
 */
const SEAL_VERSION = 1;
const sealContent = z.object({
  v: z.literal(SEAL_VERSION),
  t: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/),
  p: z.unknown().optional(),
});

/** What a valid session cookie holds. */
export interface OpenedSeal {
  /** The random token: only to seal it again (`carryPositions`); never logged or stored. */
  readonly token: string;
  /** Its SHA-256, as the Session row stores it. */
  readonly tokenHash: string;
  /** The WAL positions it carries (none: `{}`). */
  readonly positions: Positions;
  /** When the seal expires (epoch ms), when it says. */
  readonly expiresAt: number | undefined;
}

export interface SealOptions {
  /** WAL positions for the next request; none or empty: the cookie holds `{ v, t }` only. @default none */
  readonly positions?: Positions;
  /** Seconds the seal stays valid. @default the sealer's ttl */
  readonly ttl?: number;
}

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
  seal(token: string, options?: SealOptions): Promise<string>;
  /** What `cookie` holds, or undefined for anything not a valid seal. */
  open(cookie: string, now: number): Promise<OpenedSeal | undefined>;
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
  // Keyed by the cookie value itself, which is worth exactly as much as the token it holds.
  const cache = new ExpiringLruCache<OpenedSeal>(options.cacheSize);
  const { passwords, ttl, onRejected, unseal = unsealData } = options;

  async function open(cookie: string, now: number): Promise<OpenedSeal | undefined> {
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
    const expiresAt = sealExpiry(cookie);
    const opened: OpenedSeal = Object.freeze({
      token: parsed.data.t,
      tokenHash: hashSessionToken(parsed.data.t),
      positions: readPositions(parsed.data.p),
      expiresAt,
    });
    if (expiresAt !== undefined) cache.set(cookie, opened, Math.min(expiresAt, now + ttl * 1000));
    return opened;
  }

  return {
    seal(token, sealOptions = {}) {
      const positions = readPositions(sealOptions.positions);
      const content =
        Object.keys(positions).length > 0
          ? { v: SEAL_VERSION, t: token, p: positions }
          : { v: SEAL_VERSION, t: token };
      return sealData(content, { password: { ...passwords }, ttl: sealOptions.ttl ?? ttl });
    },
    open,
    tokenHash: async (cookie, now) => (await open(cookie, now))?.tokenHash,
    forget: (cookie) => cache.delete(cookie),
  };
}
