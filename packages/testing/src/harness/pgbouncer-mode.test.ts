import { describe, expect, it } from "vitest";
import { choosePgBouncer } from "./pgbouncer-mode.ts";

describe("USERBRIDGE_TEST_PGBOUNCER", () => {
  it("is off unless set, and takes transaction", () => {
    expect(choosePgBouncer({})).toBeUndefined();
    expect(choosePgBouncer({ USERBRIDGE_TEST_PGBOUNCER: " " })).toBeUndefined();
    expect(choosePgBouncer({ USERBRIDGE_TEST_PGBOUNCER: "transaction" })).toBe("transaction");
  });

  it("refuses other pool modes, naming the one it takes", () => {
    expect(() => choosePgBouncer({ USERBRIDGE_TEST_PGBOUNCER: "session" })).toThrow(
      /USERBRIDGE_TEST_PGBOUNCER=session is not one of transaction/,
    );
  });
});
