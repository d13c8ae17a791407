import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { getRoutingContext, runWithRouting } from "./context.js";

describe("routing context", () => {
  it("is undefined outside and visible through awaits, timers and nested runs inside", async () => {
    expect(getRoutingContext()).toBeUndefined();
    await runWithRouting({ admin: true }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(getRoutingContext()).toEqual({ admin: true });
      await runWithRouting({ admin: false }, async () => {
        await Promise.resolve();
        expect(getRoutingContext()).toEqual({ admin: false });
      });
      expect(getRoutingContext()).toEqual({ admin: true });
    });
  });

  it("lays a nested context over the outer one: keys it does not set are inherited", () => {
    // Regression (issue 9, defect 8): runWithRouting({ tenant }) inside an admin request dropped the flag.
    const seen = runWithRouting({ admin: true, region: "eu" }, () =>
      runWithRouting({ tenant: "a" }, () => [
        getRoutingContext(),
        runWithRouting({ region: "us", admin: false }, () => getRoutingContext()),
      ]),
    );
    expect(seen).toEqual([
      { admin: true, region: "eu", tenant: "a" },
      { admin: false, region: "us", tenant: "a" },
    ]);
  });

  it("follows emitter listeners registered inside the run", async () => {
    const emitter = new EventEmitter();
    const seen = await runWithRouting({ admin: true }, () => {
      const result = new Promise((resolve) => emitter.once("go", () => resolve(getRoutingContext())));
      setImmediate(() => emitter.emit("go"));
      return result;
    });
    expect(seen).toEqual({ admin: true });
  });

  it("is one store even when the module is loaded twice (bundlers, Next.js)", async () => {
    vi.resetModules();
    const copy = await import("./context.js");
    expect(copy.getRoutingContext).not.toBe(getRoutingContext);
    const seen = copy.runWithRouting({ admin: true }, () => getRoutingContext());
    expect(seen).toEqual({ admin: true });
  });
});
