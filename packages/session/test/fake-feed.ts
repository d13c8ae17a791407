// A change feed driven by the test: what db.$sessionChanges (LISTEN) would deliver.
import type { SessionChangeFeed } from "../src/session-cache.js";

type Listener = Parameters<SessionChangeFeed["subscribe"]>[0];

export interface FakeFeed extends SessionChangeFeed {
  notify(payload: string): void;
  setLive(live: boolean): void;
}

export function fakeFeed(live = true): FakeFeed {
  const listeners = new Set<Listener>();
  const feed = {
    live,
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(payload: string) {
      for (const listener of listeners) listener.change(payload);
    },
    setLive(value: boolean) {
      feed.live = value;
      for (const listener of listeners) listener.state(value);
    },
  };
  return feed;
}
