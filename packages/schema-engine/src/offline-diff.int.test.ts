// Issue 16 (6): `migrate diff` between files needs no database, as with the native engine: the same script
// with no URL configured, with a server that is down, and connected to real PostgreSQL.

import { createTestDatabase } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import { type CliResult, Workspace } from "../test/prisma-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function workspace(schema: "shared" | "app", url: string | undefined): Promise<Workspace> {
  const ws = await Workspace.copyOf(schema, url);
  cleanups.push(() => ws.remove());
  return ws;
}

/** The script, without the CLI's "Loaded Prisma config" line. */
function script(result: CliResult): string {
  expect(result.code, result.output).toBe(0);
  return result.output.replace(/^Loaded Prisma config from .*\n/m, "").trim();
}

const FROM_EMPTY = ["migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script"];

describe.concurrent("migrate diff between files, offline", { timeout: 300_000 }, () => {
  it.for(["shared", "app"] as const)(
    "%s: --from-empty --to-schema prints the same script",
    async (schema) => {
      const database = await createTestDatabase(schema === "shared" ? "identity" : "app", "empty");
      cleanups.push(database.drop);
      const [connected, noUrl, serverDown] = await Promise.all([
        workspace(schema, database.url),
        workspace(schema, undefined),
        workspace(schema, "postgresql://postgres@127.0.0.1:1/down"),
      ]);
      const expected = script(await connected.prisma(FROM_EMPTY));
      expect(expected).toContain('CREATE TABLE "User"');
      expect(script(await noUrl.prisma(FROM_EMPTY))).toBe(expected);
      expect(script(await serverDown.prisma(FROM_EMPTY))).toBe(expected);
      // Between two schema files too: nothing to do.
      const same = await noUrl.prisma([
        "migrate",
        "diff",
        "--from-schema",
        "schema.prisma",
        "--to-schema",
        "schema.prisma",
        "--exit-code",
      ]);
      expect(same.code, same.output).toBe(0);
      expect(same.output).toContain("No difference detected");
    },
  );

  it("a diff that needs the database says so when there is no URL", async () => {
    const ws = await workspace("shared", undefined);
    const result = await ws.prisma([
      "migrate",
      "diff",
      "--from-config-datasource",
      "--to-schema",
      "schema.prisma",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("This command needs a database connection: set datasource.url");
  });
});
