// Issue 16 (1): CHECK constraints, which Prisma's docs tell users to add by hand in a migration. Describing a
// database that has one reads pg_catalog's one-byte "char" columns (contype), which crashed the wasm engine.
import { afterAll, describe, expect, it } from "vitest";
import { type CliResult, query } from "../test/prisma-cli.ts";
import { workspaceOfNewRole } from "../test/roles.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function expectSuccess(result: CliResult): void {
  expect(result.code, result.output).toBe(0);
  expect(result.output).not.toMatch(/internal error|unreachable|panicked/);
}

const CHECK_MIGRATION =
  'ALTER TABLE "User" ADD CONSTRAINT "email_has_at" CHECK (position(\'@\' in "email") > 0);\n';

describe("a database with a CHECK constraint", { timeout: 300_000 }, () => {
  it("migrate dev, db pull, migrate diff and db push work, and no shadow database is left", async () => {
    const { database, role, ws } = await workspaceOfNewRole(cleanups);
    await ws.addMigration("20990101000000_email_check", CHECK_MIGRATION);

    expectSuccess(await ws.prisma(["migrate", "deploy"]));
    await ws.addNicknameToUser();
    // Replays the migrations in a shadow database and describes it (and the main one).
    const dev = await ws.prisma(["migrate", "dev", "--name", "nickname"]);
    expectSuccess(dev);
    expect(await query(database.url, `SELECT "nickname" FROM "User"`)).toEqual([]);

    const pull = await ws.prisma(["db", "pull", "--print"]);
    expectSuccess(pull);
    expect(pull.output).toContain('constraint: "email_has_at"');

    const clean = await ws.diffDatabaseToSchema();
    expectSuccess(clean);
    expect(clean.output).toContain("No difference detected");

    const push = await ws.prisma(["db", "push"]);
    expectSuccess(push);
    expect(push.output).toContain("already in sync");

    // The constraint is still enforced, and the shadow database of `migrate dev` is gone.
    await expect(
      query(database.url, `INSERT INTO "User" (id, email, "updatedAt") VALUES ('u1', 'no-at-sign', now())`),
    ).rejects.toThrow(/email_has_at/);
    expect(await role.shadowDatabases()).toEqual([]);
  });
});
