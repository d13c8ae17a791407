import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable.js";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["Prisma P1001", withCode("P1001")],
    ["Prisma P1017 (server closed the connection)", withCode("P1017")],
    ["pool timeout P2024", withCode("P2024")],
    ["socket refused", withCode("ECONNREFUSED")],
    ["admin shutdown 57P01", withCode("57P01")],
    ["unmapped termination message", new Error("Connection terminated unexpectedly")],
    ["pg pool connection timeout", new Error("timeout exceeded when trying to connect")],
    ["in the cause chain", new Error("outer", { cause: withCode("ECONNRESET") })],
    [
      "raw query P2010 carrying the adapter's ConnectionClosed",
      Object.assign(withCode("P2010"), {
        meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } },
      }),
    ],
  ])("%s -> unavailable", (_name, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ["unique violation", withCode("P2002")],
    [
      "raw query syntax error",
      Object.assign(withCode("P2010"), {
        meta: { driverAdapterError: { cause: { kind: "postgres", code: "42601" } } },
      }),
    ],
    ["plain error", new Error("boom")],
    ["not an error", "ECONNREFUSED"],
    ["undefined", undefined],
  ])("%s -> not unavailable", (_name, error) => expect(isDatabaseUnavailable(error)).toBe(false));

  it("survives a cause cycle", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
