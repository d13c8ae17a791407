// The engine executable on its own: the `cli` subcommands and the JSON-RPC framing the CLI relies on.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createTestDatabase, serverAdminUrl } from "@userbridge/testing/databases";
import { runCommand } from "@userbridge/testing/run-command";
import { query } from "@userbridge/testing/sql";
import { afterAll, describe, expect, it } from "vitest";
import { ENGINE_BIN } from "../test/prisma-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

interface Exit {
  code: number | null;
  stdout: string;
  /** stderr, one parsed JSON log line each. */
  logs: { level: string; fields: { message: string; error_code?: string; is_panic?: boolean } }[];
}

async function engine(args: string[]): Promise<Exit> {
  const { code, stdout, stderr } = await runCommand(ENGINE_BIN, args);
  const lines = stderr.split("\n").filter(Boolean);
  return { code, stdout, logs: lines.map((line) => JSON.parse(line)) };
}

const cli = (url: string, command: string) =>
  engine(["--datasource", JSON.stringify({ url }), "cli", command]);

function urlOf(database: string): string {
  const url = new URL(serverAdminUrl("app"));
  url.pathname = `/${database}`;
  return url.toString();
}

describe.concurrent("schema engine executable", () => {
  it("cli can-connect-to-database: exit 0, or JSON error lines with P1001 / P1003", async () => {
    const ok = await cli(serverAdminUrl("app"), "can-connect-to-database");
    expect(ok.code).toBe(0);

    const unreachable = await cli("postgresql://postgres@127.0.0.1:1/x", "can-connect-to-database");
    expect(unreachable.code).toBe(1);
    // The CLI ignores the first stderr line and parses every other one as JSON.
    expect(unreachable.logs[0]?.level).toBe("INFO");
    expect(unreachable.logs.at(-1)?.fields).toMatchObject({ error_code: "P1001" });

    const missing = await cli(urlOf("userbridge_no_such_database"), "can-connect-to-database");
    expect(missing.code).toBe(1);
    expect(missing.logs.at(-1)?.fields.error_code).toBe("P1003");
    expect(missing.logs.at(-1)?.fields.message).toContain("userbridge_no_such_database");
  });

  it("cli create-database and drop-database", async () => {
    const name = `ub_engine_${Date.now().toString(36)}`;
    cleanups.push(() =>
      query(serverAdminUrl("app"), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
    );
    expect((await cli(urlOf(name), "create-database")).code).toBe(0);
    const again = await cli(urlOf(name), "create-database");
    expect(again.logs.at(-1)?.fields.error_code).toBe("P1009");
    const drop = await cli(urlOf(name), "drop-database");
    expect(drop.code).toBe(0);
    expect(drop.logs.map((log) => log.fields.message).join("\n")).toContain(
      "The database was successfully dropped",
    );
    expect((await cli(urlOf(name), "can-connect-to-database")).logs.at(-1)?.fields.error_code).toBe("P1003");
  });

  it("JSON-RPC: errors and panics are answered, and the engine stays up until stdin closes", async () => {
    const database = await createTestDatabase("app", "empty");
    cleanups.push(database.drop);
    const child = spawn(ENGINE_BIN, ["--datasource", JSON.stringify({ url: database.url })], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const call = async (id: number, method: string, params?: object) => {
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      return JSON.parse((await replies.next()).value as string);
    };

    expect(await call(1, "getDatabaseVersion")).toMatchObject({
      id: 1,
      result: expect.stringContaining("PostgreSQL"),
    });
    const unknown = await call(2, "noSuchMethod");
    expect(unknown.error.data.message).toMatch(/^userbridge: /);
    const panic = await call(3, "debugPanic");
    expect(panic.error.data.is_panic).toBe(true);
    expect(panic.error.message).toContain("debugPanic artificial panic");
    expect((await call(4, "getDatabaseVersion")).error.data.is_panic).toBe(true);

    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.stdin.end();
    expect(await exited).toBe(101);
  });

  it("--version names the engine commit", async () => {
    const { code, stdout } = await engine(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^schema-engine-cli [0-9a-f]{40} /);
  });
});
