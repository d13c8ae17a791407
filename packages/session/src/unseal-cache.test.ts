import { describe, expect, it } from "vitest";
import { ExpiringLruCache } from "./unseal-cache.js";

describe("ExpiringLruCache", () => {
  it("forgets entries at their expiry", () => {
    const cache = new ExpiringLruCache<string>(10);
    cache.set("a", "1", 1_000);
    expect(cache.get("a", 999)).toBe("1");
    expect(cache.get("a", 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("keeps at most maxEntries, evicting the least recently used", () => {
    const cache = new ExpiringLruCache<string>(2);
    cache.set("a", "1", 10);
    cache.set("b", "2", 10);
    cache.get("a", 0);
    cache.set("c", "3", 10);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 0)).toBe("1");
    expect(cache.get("c", 0)).toBe("3");
  });

  it("stores nothing with a size of 0", () => {
    const cache = new ExpiringLruCache<string>(0);
    cache.set("a", "1", 10);
    expect(cache.get("a", 0)).toBeUndefined();
  });
});
