import { describe, expect, it } from "vitest";
import { pgBouncerAuthFile, pgBouncerIni, targetConnstr } from "./pgbouncer-config.ts";

const input = {
  targets: {
    app: "postgresql://site:s3cret@127.0.0.1:5555/ub_test_1",
    reads: "postgres://localhost/ub_reads",
  },
  port: 6543,
  poolMode: "transaction" as const,
  poolSize: 3,
  maxPreparedStatements: undefined,
  ignoreStartupParameters: [],
  authFile: "/tmp/x/users.txt",
  pidFile: "/tmp/x/pgbouncer.pid",
  settings: {},
};

describe("the generated PgBouncer configuration", () => {
  it("logs in to each target with its URL's credentials", () => {
    expect(targetConnstr("app", input.targets.app)).toBe(
      "host=127.0.0.1 port=5555 dbname=ub_test_1 user=site password=s3cret",
    );
    expect(targetConnstr("reads", input.targets.reads)).toBe(
      "host=localhost port=5432 dbname=ub_reads user=postgres",
    );
    expect(() => targetConnstr("x", "postgresql://u:a%20b@h/d")).toThrow(/spaces, quotes or backslashes/);
    expect(() => targetConnstr("x", "mysql://h/d")).toThrow(/not a postgresql/);
  });

  it("writes max_prepared_statements and ignore_startup_parameters only when asked", () => {
    const plain = pgBouncerIni(input);
    expect(plain).toContain("app = host=127.0.0.1 port=5555 dbname=ub_test_1 user=site password=s3cret\n");
    expect(plain).toContain("pool_mode = transaction\n");
    expect(plain).toContain("default_pool_size = 3\n");
    expect(plain).toContain("admin_users = postgres,site\n");
    expect(plain).not.toContain("max_prepared_statements");
    expect(plain).not.toContain("ignore_startup_parameters");
    const more = pgBouncerIni({ ...input, maxPreparedStatements: 200, ignoreStartupParameters: ["a", "b"] });
    expect(more).toContain("max_prepared_statements = 200\n");
    expect(more).toContain("ignore_startup_parameters = a,b\n");
    expect(() => pgBouncerIni({ ...input, targets: { pgbouncer: input.targets.app } })).toThrow(
      /target name/,
    );
  });

  it("sends any other database name to the fallback server, as the fallback URL's user", () => {
    const ini = pgBouncerIni({ ...input, fallback: "postgresql://owner:pw@127.0.0.1:7777/postgres" });
    expect(ini).toContain("\n* = host=127.0.0.1 port=7777 user=owner password=pw\n");
    expect(ini).toContain("admin_users = postgres,site,owner\n");
    expect(pgBouncerAuthFile({}, "postgresql://owner@h/x")).toBe('"postgres" ""\n"owner" ""\n');
  });

  it("lists every client user in the auth file", () => {
    expect(pgBouncerAuthFile(input.targets)).toBe('"postgres" ""\n"site" ""\n');
  });
});
