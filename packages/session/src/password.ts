import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters: N = 2^log2N, block size r, parallelism p. */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. @default 17 (OWASP: N=2^17) */
  readonly log2N: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelism. @default 1 */
  readonly p: number;
}

/** OWASP Password Storage Cheat Sheet's scrypt minimum. */
export const OWASP_SCRYPT: ScryptParams = { log2N: 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Stored hashes come from our own database, but bound them anyway: a corrupted row must not
// make one login allocate gigabytes.
const LIMITS = { log2N: 20, r: 32, p: 16 };
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22,})\$([A-Za-z0-9+/]{43,})$/;

interface ParsedHash extends ScryptParams {
  readonly salt: Buffer;
  readonly key: Buffer;
}

export interface PasswordCheck {
  readonly ok: boolean;
  /** The stored hash is weaker than the current parameters: store a new hash. */
  readonly needsRehash: boolean;
}

/** Hashes and verifies passwords; the stored string names its own parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verifies against `stored`, or against a dummy of the same cost when there is none. */
  verify(password: string, stored: string | null | undefined): Promise<PasswordCheck>;
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.log2N;
  // Node's default maxmem (32 MiB) is below what N=2^17, r=8 needs (128 * N * r = 128 MiB).
  const maxmem = 2 * 128 * N * params.r * params.p;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, length, { N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const b64 = (buffer: Buffer) => buffer.toString("base64").replace(/=+$/, "");

function format(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

function parse(stored: string): ParsedHash | undefined {
  const match = FORMAT.exec(stored);
  if (!match) return undefined;
  const [log2N, r, p] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (log2N < 1 || log2N > LIMITS.log2N || r < 1 || r > LIMITS.r || p < 1 || p > LIMITS.p) return undefined;
  return {
    log2N,
    r,
    p,
    salt: Buffer.from(match[4] as string, "base64"),
    key: Buffer.from(match[5] as string, "base64"),
  };
}

function weaker(hash: ParsedHash, target: ScryptParams): boolean {
  return (
    hash.log2N < target.log2N ||
    hash.r < target.r ||
    hash.p < target.p ||
    hash.salt.length < SALT_BYTES ||
    hash.key.length < KEY_BYTES
  );
}

/**
 * scrypt from node:crypto, stored as `$scrypt$ln=17,r=8,p=1$<salt>$<key>` (base64). A hash below
 * `params` still verifies and reports `needsRehash`.
 * @param params @default OWASP_SCRYPT
 */
export function scryptHasher(params: ScryptParams = OWASP_SCRYPT): PasswordHasher {
  // Unknown emails are checked against this so they take as long as a wrong password.
  const dummy: ParsedHash = { ...params, salt: Buffer.alloc(SALT_BYTES), key: Buffer.alloc(KEY_BYTES) };

  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      return format(params, salt, await derive(password, salt, params, KEY_BYTES));
    },
    async verify(password, stored) {
      const parsed = stored ? parse(stored) : undefined;
      const target = parsed ?? dummy;
      const key = await derive(password, target.salt, target, target.key.length);
      const equal = timingSafeEqual(key, target.key);
      return {
        ok: parsed !== undefined && equal,
        needsRehash: parsed !== undefined && weaker(parsed, params),
      };
    },
  };
}
