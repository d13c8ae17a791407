import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { expect, it } from "vitest";
import { connectionError } from "./connection-errors.ts";
import { parseDatabaseUrl } from "./database-url.ts";

const at = parseDatabaseUrl("postgresql://me@db.example.com:5433/app");

it("maps pg and adapter-pg connection failures to P1001, P1003, P1000, P1010", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  expect(connectionError(refused, at)?.code).toBe("P1001");
  expect(connectionError(new Error("timeout expired"), at)?.message).toContain("`db.example.com:5433`");
  expect(connectionError(new AggregateError([refused]), at)?.code).toBe("P1001");
  expect(connectionError(new DriverAdapterError({ kind: "DatabaseNotReachable" }), at)?.code).toBe("P1001");
  expect(connectionError(Object.assign(new Error("x"), { code: "3D000" }), at)?.message).toContain("`app`");
  expect(
    connectionError(new DriverAdapterError({ kind: "AuthenticationFailed", user: "me" }), at)?.code,
  ).toBe("P1000");
  const noRole = Object.assign(new Error('role "me" does not exist'), { code: "28000" });
  expect(connectionError(noRole, at)?.message).toBe("User `me` was denied access on the database `app`");
});

it("leaves other errors alone", () => {
  expect(connectionError(Object.assign(new Error("syntax"), { code: "42601" }), at)).toBeUndefined();
  expect(connectionError("text", at)).toBeUndefined();
});
