// A logout is a revocation. When the database cannot delete the row (an outage), the logout answers
// 503 and the browser keeps its cookie to retry; this process also keeps retrying the delete in the
// background until the database answers, and meanwhile treats that token as logged out. So once the
// database is back, the old cookie is dead on every site even if the user never retries.
import { DatabaseUnavailableError } from "@userbridge/router";

export interface RevocationRetry {
  /** Retries deleting the session of `tokenHash` until it succeeds or `until` (ms) passes. */
  add(tokenHash: string, until: number): void;
  /** Whether a revocation of `tokenHash` is pending (treat it as logged out). */
  has(tokenHash: string): boolean;
}

export interface RevocationRetryOptions {
  readonly revoke: (tokenHash: string) => Promise<void>;
  readonly now: () => number;
  /** At most this many pending revocations; the oldest is dropped beyond. @default 10_000 */
  readonly maxPending?: number;
  /** First delay between rounds, doubled after each failed round up to `maxDelayMs`. @default 500 */
  readonly firstDelayMs?: number;
  /** Longest delay between rounds: a revocation made during an outage lands at most this long after it. @default 5_000 */
  readonly maxDelayMs?: number;
}

export function revocationRetry(options: RevocationRetryOptions): RevocationRetry {
  const { revoke, now, maxPending = 10_000, firstDelayMs = 500, maxDelayMs = 5_000 } = options;
  const pending = new Map<string, number>(); // token hash -> give up after (ms)
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let delay = firstDelayMs;

  async function round(): Promise<void> {
    timer = undefined;
    running = true;
    for (const [tokenHash, until] of pending) {
      if (until <= now()) {
        pending.delete(tokenHash); // the session has expired anyway
        continue;
      }
      try {
        await revoke(tokenHash);
        pending.delete(tokenHash);
      } catch (error) {
        if (!(error instanceof DatabaseUnavailableError)) pending.delete(tokenHash);
        break; // still down (or a bug): wait before the next round
      }
    }
    running = false;
    delay = pending.size > 0 ? Math.min(delay * 2, maxDelayMs) : firstDelayMs;
    schedule();
  }

  /** One round at a time: a round in progress reschedules itself when it ends. */
  function schedule(): void {
    if (running || timer !== undefined || pending.size === 0) return;
    timer = setTimeout(() => void round(), delay);
    timer.unref(); // a pending retry never keeps a process alive
  }

  return {
    add(tokenHash, until) {
      pending.delete(tokenHash);
      pending.set(tokenHash, until);
      if (pending.size > maxPending) pending.delete(pending.keys().next().value as string);
      schedule();
    },
    has: (tokenHash) => pending.has(tokenHash),
  };
}
