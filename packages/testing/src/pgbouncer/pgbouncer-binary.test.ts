import { describe, expect, it } from "vitest";
import { findPgBouncer, PgBouncerMissingError, supportsPreparedStatements } from "./pgbouncer-binary.ts";

describe("the pgbouncer program", () => {
  it("is missing with a message that says how to install it", () => {
    expect(findPgBouncer({ USERBRIDGE_PGBOUNCER: "/nonexistent/pgbouncer" })).toBeUndefined();
    expect(new PgBouncerMissingError().message).toContain("apt-get install -y pgbouncer");
  });

  it("has max_prepared_statements from 1.21 on", () => {
    const version = (major: number, minor: number) => ({ text: `${major}.${minor}.0`, major, minor });
    expect(supportsPreparedStatements(version(1, 18))).toBe(false);
    expect(supportsPreparedStatements(version(1, 21))).toBe(true);
    expect(supportsPreparedStatements(version(2, 0))).toBe(true);
  });
});
