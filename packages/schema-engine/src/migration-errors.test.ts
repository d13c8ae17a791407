import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { expect, it } from "vitest";
import { failedMigrationError, withDatabaseError } from "./migration-errors.ts";

it("renders P3018 like the native engine, with the failing line of the script", () => {
  const script = "CREATE TABLE a (id int);\nALTER TABLE a ADD b int;\nSELECT bad syntax here;\n";
  const error = Object.assign(
    new DriverAdapterError({
      kind: "postgres",
      code: "42601",
      severity: "ERROR",
      message: 'syntax error at or near "here"',
      detail: undefined,
      column: undefined,
      hint: undefined,
    }),
    { position: String(script.indexOf("here") + 1) },
  );
  const p3018 = failedMigrationError("20990101000000_x", error, script);
  expect(p3018.code).toBe("P3018");
  expect(p3018.meta).toMatchObject({ migration_name: "20990101000000_x", database_error_code: "42601" });
  expect(p3018.message).toContain(
    "Migration name: 20990101000000_x\n\nDatabase error code: 42601\n\nDatabase error:\nERROR: syntax error",
  );
  expect(p3018.message).toContain(
    "Position:\n  1 CREATE TABLE a (id int);\n  2 ALTER TABLE a ADD b int;\n  3 SELECT bad syntax here;",
  );
});

it("still reports the migration when the error is not from PostgreSQL", () => {
  const p3018 = failedMigrationError("m", new Error("Connection terminated"));
  expect(p3018.message).toContain("Database error code: none");
  expect(p3018.message).toContain("ERROR: Connection terminated");
});

it("puts PostgreSQL's SQLSTATE and message in place of the wasm engine's \"external connector error\"", () => {
  const mapped = new DriverAdapterError({
    kind: "TableDoesNotExist",
    table: "Missing",
    originalCode: "42P01",
    originalMessage: 'relation "Missing" does not exist',
  });
  const engineText = "external connector error\nNo such table: Missing\n   0: apply_script";
  expect(withDatabaseError(engineText, mapped)).toBe(
    'Database error code: 42P01\n\nDatabase error:\nERROR: relation "Missing" does not exist\n\n   0: apply_script',
  );
});
