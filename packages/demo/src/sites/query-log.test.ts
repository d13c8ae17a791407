import type { RouteDecision } from "@userbridge/db";
import { describe, expect, it } from "vitest";
import { createQueryLog } from "./query-log.js";

const decision = (model: string, client = "app"): RouteDecision => ({
  model,
  operation: "findMany",
  client,
  reason: "default",
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("createQueryLog", () => {
  it("keeps each concurrent request's decisions apart, in order", async () => {
    const log = createQueryLog();
    const request = (models: string[]) =>
      log.run(async () => {
        for (const model of models) {
          await tick();
          log.record(decision(model));
        }
        return log.current().map((made) => made.model);
      });
    const [a, b] = await Promise.all([request(["post", "user", "post"]), request(["task", "project"])]);
    expect(a).toEqual(["post", "user", "post"]);
    expect(b).toEqual(["task", "project"]);
  });

  it("drops decisions made outside a request and hands out copies", () => {
    const log = createQueryLog();
    log.record(decision("user"));
    expect(log.current()).toEqual([]);
    log.run(() => {
      log.record(decision("user", "shared"));
      const seen = log.current();
      log.record(decision("post"));
      expect(seen).toHaveLength(1);
      expect(log.current()).toHaveLength(2);
    });
  });
});
