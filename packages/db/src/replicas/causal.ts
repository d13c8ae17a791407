// Read-your-writes, GitLab's way: a request that wrote to a database reads that database's primary for
// the rest of the request; and the WAL position after its writes travels to the user's next request (in
// the session cookie), where a replica serves a read only once it has replayed that far.
import { requestState } from "@userbridge/router";
import { formatLsn, type Lsn, parseLsn } from "./lsn.js";

/** What one request has done to each database, and how far a replica must have replayed for it. */
export interface CausalState {
  /** Databases this request wrote to (or ran raw SQL or a transaction on): read from their primary. */
  readonly written: Set<string>;
  /** Per database, the WAL position a replica must have replayed (from an earlier request's writes). */
  readonly required: Map<string, Lsn>;
}

const CAUSAL = Symbol("userbridge.causal");

/** The current request's state, created on first use; `undefined` outside any routing context. */
export function causalState(): CausalState | undefined {
  return requestState(CAUSAL, () => ({ written: new Set<string>(), required: new Map<string, Lsn>() }));
}

/**
 * Raises the current request's required positions to `positions` (`{ shared: "16/B374D848" }`, as a
 * cookie carries them); text that is not a WAL position, or a database not listed in `known`, is ignored.
 */
export function observePositions(
  positions: Readonly<Record<string, unknown>>,
  known: ReadonlySet<string>,
): void {
  const state = causalState();
  if (state === undefined) return;
  for (const [database, text] of Object.entries(positions)) {
    const lsn = parseLsn(text);
    if (lsn === undefined || !known.has(database)) continue;
    const current = state.required.get(database);
    if (current === undefined || lsn > current) state.required.set(database, lsn);
  }
}

/**
 * The positions the user's next request must find replayed: for every database this request wrote to,
 * its primary's position now (one query each, only for those), and any position it was given already.
 */
export async function positionsToCarry(
  currentPosition: (database: string) => Promise<Lsn | undefined>,
): Promise<Record<string, string>> {
  const state = causalState();
  if (state === undefined) return {};
  const carried = new Map(state.required);
  await Promise.all(
    [...state.written].map(async (database) => {
      const lsn = await currentPosition(database);
      const earlier = carried.get(database);
      if (lsn !== undefined && (earlier === undefined || lsn > earlier)) carried.set(database, lsn);
    }),
  );
  return Object.fromEntries([...carried].map(([database, lsn]) => [database, formatLsn(lsn)]));
}
