// The WAL positions a session cookie carries to the user's next request (read replicas, #12): per
// database, how far a replica must have replayed before it may serve that request. Not personal data,
// but read strictly: a bounded number of short keys, each with a pg_lsn text ("16/B374D848").

/** Positions by database key (`@userbridge/db` chooses the keys): `{ [key]: "16/B374D848" }`. */
export type Positions = Readonly<Record<string, string>>;

/** At most this many databases' positions in one cookie. */
export const MAX_POSITIONS = 8;
/** A database key: 1-32 printable ASCII characters, no space. */
const KEY = /^[!-~]{1,32}$/;
/** A pg_lsn: two hex halves of at most 8 digits each, so at most 17 characters. */
const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

const EMPTY: Positions = Object.freeze({});

function lsnValue(text: string): bigint | undefined {
  const match = LSN.exec(text);
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : undefined;
}

const validEntry = (entry: [string, unknown]): entry is [string, string] =>
  KEY.test(entry[0]) && typeof entry[1] === "string" && LSN.test(entry[1]);

/**
 * The positions in `value` (a cookie's `p`, or what `$causal.carry()` returned): an object of at most
 * MAX_POSITIONS entries, else none at all; entries whose key or position is malformed are dropped.
 */
export function readPositions(value: unknown): Positions {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return EMPTY;
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > MAX_POSITIONS) return EMPTY;
  const valid = entries.filter(validEntry);
  // fromEntries defines own properties: a "__proto__" key stays a key.
  return valid.length === 0 ? EMPTY : Object.freeze(Object.fromEntries(valid));
}

export const hasPositions = (positions: Positions): boolean => Object.keys(positions).length > 0;

/**
 * What the next cookie carries: `fresh` (this request's `carry()`, this site's databases) first, then
 * the `previous` cookie's positions for other keys (another site's own database: this site's db ignores
 * them, but they are kept for when the browser returns there), the later of the two for a key in both;
 * at most MAX_POSITIONS, the previous cookie's last ones dropped first.
 */
export function mergePositions(fresh: Positions, previous: Positions): Positions {
  const merged = new Map<string, string>();
  const before = readPositions(previous);
  for (const [key, value] of Object.entries(readPositions(fresh))) {
    const earlier = before[key];
    const later =
      earlier !== undefined && (lsnValue(earlier) as bigint) > (lsnValue(value) as bigint) ? earlier : value;
    merged.set(key, later);
  }
  for (const [key, value] of Object.entries(before)) {
    if (merged.size >= MAX_POSITIONS) break;
    if (!merged.has(key)) merged.set(key, value);
  }
  return merged.size === 0 ? EMPTY : Object.freeze(Object.fromEntries(merged));
}

/** Whether two (valid) position sets name the same databases at the same WAL positions. */
export function samePositions(a: Positions, b: Positions): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const other = b[key];
    return other !== undefined && lsnValue(other) === lsnValue(a[key] as string);
  });
}

/** The session API's side of `db.$causal`: what it observes from cookies and seals into them. */
export interface PositionCarrier {
  /** Whether the db tracks positions at all (`db.$causal`). */
  readonly enabled: boolean;
  /** Raises the request's required positions to a cookie's (nothing for none). */
  observe(positions: Positions): void;
  /**
   * What a cookie sealed now carries: this request's `carry()` merged with the `previous` cookie's.
   * Best effort: when `carry()` fails (the primary went away after the write), it warns and returns
   * `previous`, so a write that succeeded is never answered with an error over its position.
   */
  next(previous: Positions): Promise<Positions>;
}

const WARN_INTERVAL_MS = 60_000;

export function positionCarrier(
  causal:
    | { observe(positions: Positions): void; carry(): PromiseLike<Readonly<Record<string, string>>> }
    | undefined,
  warn: (message: string) => void = () => {},
  now: () => number = Date.now,
): PositionCarrier {
  let lastWarned = -Infinity;
  return {
    enabled: causal !== undefined,
    observe(positions) {
      if (causal && hasPositions(positions)) causal.observe(positions);
    },
    async next(previous) {
      if (!causal) return previous;
      let fresh: Positions;
      try {
        fresh = readPositions(await causal.carry());
      } catch (error) {
        const at = now();
        if (at - lastWarned >= WARN_INTERVAL_MS) {
          lastWarned = at;
          warn(
            "userbridge: could not read the WAL positions this request wrote (db.$causal.carry()), so the session " +
              `cookie does not carry them; the next request may read a replica that lags behind it: ${(error as Error)?.message ?? error}`,
          );
        }
        return previous;
      }
      return mergePositions(fresh, previous);
    },
  };
}
