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
  /**
   * Drops what this process just deleted, before its own NOTIFY comes back: the session of `tokenHash`
   * and every other cached session of its user (a family logout may have ended them too).
   */
  forget(tokenHash: string): void;
  /** Drops every cached session of a user. */
  forgetUser(userId: string): void;
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

  const removeUser = (userId: string) => {
    for (const token of byUser.get(userId) ?? []) remove(token);
  };

  const unsubscribe = feed.subscribe({
    change(payload) {
      generation++;
      if (payload.startsWith("s:")) remove(payload.slice(2));
      else if (payload.startsWith("u:")) removeUser(payload.slice(2));
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
      // `feed.live` also lapses without an event (no heartbeat back within its lease): bypass then.
      if (!live || !feed.live) return undefined;
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
      if (!live || !feed.live || readAt !== generation) return;
      remove(tokenHash);
      entries.set(tokenHash, { ...session, cachedUntil: now + ttlMs });
      const tokens = byUser.get(session.user.id) ?? new Set<string>();
      byUser.set(session.user.id, tokens.add(tokenHash));
      if (entries.size > maxEntries) remove(entries.keys().next().value as string);
    },
    forget(tokenHash) {
      generation++;
      const entry = entries.get(tokenHash);
      remove(tokenHash);
      if (entry) removeUser(entry.user.id);
    },
    forgetUser(userId) {
      generation++;
      removeUser(userId);
    },
    close() {
      unsubscribe();
      clear();
      live = false;
    },
  };
}

/**
 * The store with this process' own deletes reflected in its cache at once (a logout here is seen here
 * immediately; other processes learn of it by NOTIFY). Every session delete of the shared login goes
 * through it: logout, family logout, logoutEverywhere, a login's and a hand-off's previous session.
 */
export function forgettingStore<
  S extends {
    deleteSession(where: { tokenHash: string } | { sessionId: string }): Promise<void>;
    deleteSessionFamily(tokenHash: string): Promise<void>;
    deleteUserSessions(userId: string): Promise<number>;
  },
>(store: S, cache: SessionCache | undefined): S {
  if (!cache) return store;
  return {
    ...store,
    async deleteSession(where) {
      if ("tokenHash" in where) cache.forget(where.tokenHash);
      await store.deleteSession(where);
      if ("tokenHash" in where) cache.forget(where.tokenHash); // a read racing the delete
    },
    async deleteSessionFamily(tokenHash) {
      cache.forget(tokenHash);
      await store.deleteSessionFamily(tokenHash);
      cache.forget(tokenHash);
    },
    async deleteUserSessions(userId) {
      cache.forgetUser(userId);
      const count = await store.deleteUserSessions(userId);
      cache.forgetUser(userId);
      return count;
    },
  };
}
