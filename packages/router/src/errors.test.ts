import { describe, expect, it } from "vitest";
import {
  DatabaseUnavailableError,
  InvalidConfigError,
  RefusedPathError,
  statusOf,
  USERBRIDGE_ERROR_CODES,
  UserbridgeError,
} from "./errors.js";

describe("error statuses", () => {
  it("carry the HTTP answer: 4xx the client can fix, 5xx it cannot", () => {
    expect(new RefusedPathError("dot-segment")).toMatchObject({
      status: 400,
      code: USERBRIDGE_ERROR_CODES.REFUSED_PATH,
      reason: "dot-segment",
    });
    expect(new DatabaseUnavailableError("reports", new Error("down")).status).toBe(503);
    expect(new InvalidConfigError("x", ["y"]).status).toBe(500);
  });

  it("statusOf reads them across copies of the package (duck-typed), and nothing else", () => {
    const fromAnotherCopy = Object.assign(new Error("x"), { code: "USERBRIDGE_INVALID_INPUT", status: 400 });
    expect(statusOf(fromAnotherCopy)).toBe(400);
    expect(statusOf(new UserbridgeError("USERBRIDGE_X", "x", { status: 409 }))).toBe(409);
    expect(statusOf(Object.assign(new Error("pg"), { code: "57P01", status: 400 }))).toBeUndefined();
    expect(statusOf({ code: "USERBRIDGE_X", status: 400 })).toBeUndefined(); // not an Error
    expect(statusOf(undefined)).toBeUndefined();
  });
});
