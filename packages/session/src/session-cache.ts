// Resolved sessions kept in memory, so a warm request sends no query to the identity database. It is
// correct only because it is told of every change: it serves entries only while its change feed is live
// (LISTEN on the identity database, see SESSION_CHANGES_CHANNEL), empties itself whenever the feed goes
// down or comes back, drops what each notification names, and gives every entry a short lifetime as a
// backstop. A read that raced a notification is not cached (the generation check).
import type { SessionUser } from "./store.js";

/** A live feed of identity changes (`@userbridge/db`'s `db.$sessionChanges` is one). */
export interface SessionChangeFeed {
  readonly live: boolean;
  subscribe(listener: { change(payload: string): void; state(live: boolean): void }): () => void;
}

export interface SessionCacheOptions {
  /** At most this many sessions; the least recently used is dropped beyond. @default 10_000 */
  readonly maxEntries?: number;
  /** An entry is re-read from the database after this long, whatever the feed says. @default 30 */
  readonly ttlSeconds?: number;
}

export interface CachedSession {
  readonly user: SessionUser;
  readonly sessionId: string;
  readonly expires: number;
  /** When the session was last seen (ms); this process updates it as it touches the row. */
  lastSeenAt: number;
}

interface Entry extends CachedSession {
  readonly cachedUntil: number;
}

export interface SessionCache {
  /** Bumped by every notification and every feed state change; pass it back to `set`. */
  readonly generation: number;
  get(tokenHash: string, now: number): CachedSession | undefined;
  /** Caches a session read from the database, unless anything changed since `generation` was read. */
  set(tokenHash: string, session: CachedSession, generation: number, now: number): void;
  readonly size: number;
  close(): void;
}

export function sessionCache(feed: SessionChangeFeed, options: SessionCacheOptions = {}): SessionCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = (options.ttlSeconds ?? 30) * 1000;
  const entries = new Map<string, Entry>();
  const byUser = new Map<string, Set<string>>();
  let generation = 0;
  let live = feed.live;

  const remove = (tokenHash: string) => {
    const entry = entries.get(tokenHash);
    if (!entry) return;
    entries.delete(tokenHash);
    const tokens = byUser.get(entry.user.id);
    tokens?.delete(tokenHash);
    if (tokens?.size === 0) byUser.delete(entry.user.id);
  };
  const clear = () => {
    entries.clear();
    byUser.clear();
  };

  const unsubscribe = feed.subscribe({
    change(payload) {
      generation++;
      if (payload.startsWith("s:")) remove(payload.slice(2));
      else if (payload.startsWith("u:"))
        for (const token of byUser.get(payload.slice(2)) ?? []) remove(token);
      else clear(); // "*" or anything unknown: drop everything rather than guess
    },
    state(isLive) {
      generation++;
      live = isLive;
      clear(); // down: it may have missed changes; up: start empty
    },
  });

  return {
    get generation() {
      return generation;
    },
    get size() {
      return entries.size;
    },
    get(tokenHash, now) {
      if (!live) return undefined;
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (entry.cachedUntil <= now) {
        remove(tokenHash);
        return undefined;
      }
      entries.delete(tokenHash); // most recently used last
      entries.set(tokenHash, entry);
      return entry;
    },
    set(tokenHash, session, readAt, now) {
      if (!live || readAt !== generation) return;
      remove(tokenHash);
      entries.set(tokenHash, { ...session, cachedUntil: now + ttlMs });
      const tokens = byUser.get(session.user.id) ?? new Set<string>();
      byUser.set(session.user.id, tokens.add(tokenHash));
      if (entries.size > maxEntries) remove(entries.keys().next().value as string);
    },
    close() {
      unsubscribe();
      clear();
      live = false;
    },
  };
}
