// The official prisma CLI through the offline engine, against real PostgreSQL: every command the
// project relies on, and the errors users must see (Prisma's codes, exit non-zero, no hang, no stack).
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestDatabase, type ServerName } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CliResult,
  prismaForRepoSchema,
  query,
  REPO_ROOT,
  tables,
  Workspace,
} from "../test/prisma-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function emptyDatabase(server: ServerName): Promise<string> {
  const database = await createTestDatabase(server, "empty");
  cleanups.push(database.drop);
  return database.url;
}

async function workspace(schema: "shared" | "app", url: string): Promise<Workspace> {
  const copy = await Workspace.copyOf(schema, url);
  cleanups.push(() => copy.remove());
  return copy;
}

function expectSuccess(result: CliResult): void {
  expect(result.code, result.output).toBe(0);
  expectNoDownloadNorStack(result);
}

function expectFailure(result: CliResult, prismaCode: string): void {
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).toContain(prismaCode);
  expectNoDownloadNorStack(result);
}

function expectNoDownloadNorStack(result: CliResult): void {
  expect(result.output).not.toMatch(/Downloading|ENOTFOUND|127\.0\.0\.1:9\b/);
  // A stack trace of the shim would name its files; an internal error would say so.
  expect(result.output).not.toMatch(/schema-engine\/(src|bin)\/|internal error/);
}

/**
 * The tables the schema's migrations create (read from their SQL, so the list follows new migrations), and
 * Prisma's own `_prisma_migrations`; sorted like `tables()`.
 */
async function migratedTables(schema: "shared" | "app"): Promise<string[]> {
  const dir = join(REPO_ROOT, "prisma", schema, "migrations");
  const names = new Set(["_prisma_migrations"]);
  for (const migration of await readdir(dir)) {
    if (!/^\d+_/.test(migration)) continue;
    const sql = await readFile(join(dir, migration, "migration.sql"), "utf8");
    for (const [, table] of sql.matchAll(/CREATE TABLE "([^"]+)"/g)) names.add(table as string);
    for (const [, table] of sql.matchAll(/DROP TABLE "([^"]+)"/g)) names.delete(table as string);
  }
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// Each CLI call costs about a second of CPU: generous timeouts keep a busy machine from failing tests.
describe.concurrent("prisma CLI on the wasm schema engine", { timeout: 300_000 }, () => {
  it.for([
    { schema: "shared", server: "identity" },
    { schema: "app", server: "app" },
  ] as const)(
    "$schema: migrate deploy, status, diff from the migrations (shadow database), db pull",
    async ({ schema, server }) => {
      const url = await emptyDatabase(server);
      const run = (args: string[]) => prismaForRepoSchema(schema, url, args);

      const deploy = await run(["migrate", "deploy"]);
      expectSuccess(deploy);
      expect(deploy.output).toMatch(/Applying migration `\d+_init`/);
      const expected = await migratedTables(schema);
      expect(expected).toContain("User");
      expect(await tables(url)).toEqual(expected);

      const status = await run(["migrate", "status"]);
      expectSuccess(status);
      expect(status.output).toContain("Database schema is up to date!");

      const migrations = `prisma/${schema}/migrations`;
      const diff = await run([
        "migrate",
        "diff",
        "--from-migrations",
        migrations,
        "--to-schema",
        `prisma/${schema}/schema.prisma`,
        "--exit-code",
      ]);
      expectSuccess(diff);
      expect(diff.output).toContain("No difference detected");

      // Describing a live database reads pg_catalog's "char" columns.
      const pull = await run(["db", "pull", "--print"]);
      expectSuccess(pull);
      expect(pull.output).toContain("model User {");
      expect(pull.output.includes("model Post {")).toBe(schema === "app");
    },
  );

  it("migrate dev adds a migration folder and applies it; diff --exit-code and status agree", async () => {
    const url = await emptyDatabase("identity");
    const ws = await workspace("shared", url);
    expectSuccess(await ws.prisma(["migrate", "deploy"]));
    await ws.addNicknameToUser();

    const pending = await ws.diffDatabaseToSchema();
    expect(pending.code, pending.output).toBe(2);
    expect(pending.output).toContain("Added column `nickname`");

    const dev = await ws.prisma(["migrate", "dev", "--name", "add_nickname"]);
    expectSuccess(dev);
    const created = (await readdir(ws.path("migrations"))).filter((name) => name.endsWith("_add_nickname"));
    expect(created).toHaveLength(1);
    const sql = await readFile(ws.path("migrations", created[0] as string, "migration.sql"), "utf8");
    expect(sql).toContain('ADD COLUMN     "nickname" TEXT');
    expect(await query(url, `SELECT "nickname" FROM "User"`)).toEqual([]);

    const clean = await ws.diffDatabaseToSchema();
    expectSuccess(clean);
  });

  it("db push creates the schema without migrations; db pull writes it back; validate and format", async () => {
    const url = await emptyDatabase("app");
    const ws = await workspace("app", url);
    const push = await ws.prisma(["db", "push"]);
    expectSuccess(push);
    expect(push.output).toContain("Your database is now in sync with your Prisma schema");
    const expected = await migratedTables("app");
    expect(await tables(url)).toEqual(expected.filter((table) => table !== "_prisma_migrations"));

    await ws.editSchema((schema) => schema.replace(/model Post \{[^}]*\}/, ""));
    expectSuccess(await ws.prisma(["db", "pull"]));
    expect(await readFile(ws.path("schema.prisma"), "utf8")).toContain("model Post {");
    expectSuccess(await ws.prisma(["validate"]));
    expectSuccess(await ws.prisma(["format"]));
  });

  it("migrate reset empties the database and re-applies the migrations", async () => {
    const url = await emptyDatabase("identity");
    expectSuccess(await prismaForRepoSchema("shared", url, ["migrate", "deploy"]));
    await query(url, `INSERT INTO "User" (id, email, "updatedAt") VALUES ('u1', 'a@example.com', now())`);

    const reset = await prismaForRepoSchema("shared", url, ["migrate", "reset", "--force"]);
    expectSuccess(reset);
    expect(reset.output).toContain("Database reset successful");
    expect(await tables(url)).toEqual(await migratedTables("shared"));
    expect(await query(url, `SELECT id FROM "User"`)).toEqual([]);
  });

  it("a failing migration: P3018 leaves the database unchanged, status reports it, then P3009, resolve", async () => {
    const url = await emptyDatabase("identity");
    const ws = await workspace("shared", url);
    const broken = "20990101000000_broken";
    await ws.addMigration(
      broken,
      'CREATE TABLE "Partial" (id int);\nALTER TABLE "User" ADD COLUMN "half" int;\nSELECT bad syntax here;\n',
    );

    const failed = await ws.prisma(["migrate", "deploy"]);
    expectFailure(failed, "P3018");
    expect(failed.output).toContain(`Migration name: ${broken}`);
    expect(failed.output).toContain("Database error code: 42601");
    expect(failed.output).toContain('syntax error at or near "here"');
    // The init migration applied; none of the failed one did (one script, one transaction).
    expect(await tables(url)).toEqual(await migratedTables("shared"));
    expect(
      await query(url, `SELECT column_name FROM information_schema.columns WHERE column_name = 'half'`),
    ).toEqual([]);

    const status = await ws.prisma(["migrate", "status"]);
    expect(status.code, status.output).not.toBe(0);
    expect(status.output).toContain(`Following migration have failed:\n${broken}`);

    expectFailure(await ws.prisma(["migrate", "deploy"]), "P3009");

    expectSuccess(await ws.prisma(["migrate", "resolve", "--rolled-back", broken]));
    await writeFile(ws.path("migrations", broken, "migration.sql"), 'CREATE TABLE "Partial" (id int);\n');
    expectSuccess(await ws.prisma(["migrate", "deploy"]));
    expect(await tables(url)).toContain("Partial");

    // A hotfix applied by hand: recorded as applied without running it.
    await ws.addMigration("20990102000000_hotfix", 'CREATE TABLE "Never" (id int);\n');
    expectSuccess(await ws.prisma(["migrate", "resolve", "--applied", "20990102000000_hotfix"]));
    expectSuccess(await ws.prisma(["migrate", "status"]));
    expect(await tables(url)).not.toContain("Never");
  });

  it("migrate dev reports P3006 for a migration that fails on the shadow database", async () => {
    const ws = await workspace("shared", await emptyDatabase("identity"));
    await ws.addMigration("20990101000000_broken", 'SELECT * FROM "Missing";\n');
    expectFailure(await ws.prisma(["migrate", "dev", "--name", "next"]), "P3006");
  });

  it("reports P1001 quickly when the server is unreachable, for every kind of command", async () => {
    const url = "postgresql://postgres@127.0.0.1:1/unreachable";
    const commands = [
      ["migrate", "deploy"],
      ["migrate", "status"],
      ["db", "pull", "--print"],
      ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/shared/schema.prisma"],
    ];
    const results = await Promise.all(commands.map((args) => prismaForRepoSchema("shared", url, args)));
    for (const result of results) {
      expectFailure(result, "P1001");
      expect(result.output).toContain("Can't reach database server at `127.0.0.1:1`");
      expect(result.ms).toBeLessThan(30_000); // never a hang; four CLIs share two cores here
    }
  });
});
