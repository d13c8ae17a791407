import { describe, expect, it } from "vitest";
import { fakeFeed } from "../test/fake-feed.js";
import { type CachedSession, sessionCache } from "./session-cache.js";

const session = (userId: string, id = `s-${userId}`): CachedSession => ({
  user: { id: userId, email: `${userId}@example.com`, name: null },
  sessionId: id,
  expires: 10_000_000,
  lastSeenAt: 0,
});

describe("sessionCache", () => {
  it("serves what it was given while the feed is live, and drops what a notification names", () => {
    const feed = fakeFeed();
    const cache = sessionCache(feed);
    cache.set("h1", session("u1"), cache.generation, 0);
    cache.set("h2", session("u1", "s-2"), cache.generation, 0);
    cache.set("h3", session("u2"), cache.generation, 0);
    expect(cache.get("h1", 1)?.user.id).toBe("u1");
    feed.notify("s:h1");
    expect(cache.get("h1", 1)).toBeUndefined();
    feed.notify("u:u1"); // the user's other session too
    expect(cache.get("h2", 1)).toBeUndefined();
    expect(cache.get("h3", 1)?.user.id).toBe("u2");
    feed.notify("*");
    expect(cache.size).toBe(0);
  });

  it("is bypassed and emptied while the feed is down, and starts empty when it is back", () => {
    const feed = fakeFeed();
    const cache = sessionCache(feed);
    cache.set("h1", session("u1"), cache.generation, 0);
    feed.setLive(false);
    expect(cache.get("h1", 1)).toBeUndefined();
    cache.set("h1", session("u1"), cache.generation, 0); // refused while down
    feed.setLive(true);
    expect(cache.get("h1", 1)).toBeUndefined();
  });

  it("does not cache a read that raced a notification (read before, notified, cached after)", () => {
    const feed = fakeFeed();
    const cache = sessionCache(feed);
    const readAt = cache.generation;
    feed.notify("s:h1"); // the session was deleted while the read was in flight
    cache.set("h1", session("u1"), readAt, 0);
    expect(cache.get("h1", 1)).toBeUndefined();
  });

  it("bounds entries (least recently used out) and their lifetime", () => {
    const cache = sessionCache(fakeFeed(), { maxEntries: 2, ttlSeconds: 1 });
    cache.set("a", session("a"), cache.generation, 0);
    cache.set("b", session("b"), cache.generation, 0);
    cache.get("a", 1);
    cache.set("c", session("c"), cache.generation, 0);
    expect([cache.get("a", 1), cache.get("b", 1), cache.get("c", 1)].map((s) => s?.user.id)).toEqual([
      "a",
      undefined,
      "c",
    ]);
    expect(cache.get("a", 1_000)).toBeUndefined();
  });
});
