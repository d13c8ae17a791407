// PostgreSQL WAL positions (pg_lsn, written "16/B374D848"): two 32-bit hex halves of one 64-bit byte
// offset. Compared as bigints so no position is ever rounded.

/** A WAL position as a comparable number of bytes. */
export type Lsn = bigint;

const LSN_TEXT = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** `"16/B374D848"` -> a bigint; `undefined` for anything else (a replica not in recovery says NULL). */
export function parseLsn(text: unknown): Lsn | undefined {
  if (typeof text !== "string") return undefined;
  const match = LSN_TEXT.exec(text.trim());
  if (!match) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** The pg_lsn text of a position: `formatLsn(parseLsn(x)) === x.toUpperCase()`. */
export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
