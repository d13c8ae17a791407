// Issue 16 (7): errors with the native engine's detail: P3014 when the shadow database cannot be created,
// PostgreSQL's SQLSTATE and message in P3006 and in `_prisma_migrations.logs`, P1010 for a role that does not
// exist, and a `?schema=` with a space in it.

import { createTestDatabase } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import { type CliResult, prismaForRepoSchema, query, Workspace } from "../test/prisma-cli.ts";
import { createOwnerRole } from "../test/roles.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function emptyDatabaseUrl(): Promise<string> {
  const database = await createTestDatabase("identity", "empty");
  cleanups.push(database.drop);
  return database.url;
}

async function workspace(url: string): Promise<Workspace> {
  const ws = await Workspace.copyOf("shared", url);
  cleanups.push(() => ws.remove());
  return ws;
}

function expectFailure(result: CliResult, prismaCode: string): void {
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).toContain(prismaCode);
  expect(result.output).not.toContain("external connector error");
}

/** Whether the server lets anyone in without a password (then a missing role is reported as such: 28000). */
async function trustsLocalConnections(url: string): Promise<boolean> {
  const error = await query(url, "SELECT 1").then(
    () => undefined,
    (failure: { code?: string }) => failure,
  );
  return error?.code === "28000";
}

const MISSING_TABLE = 'SELECT * FROM "Missing";\n';

describe.concurrent("error detail", { timeout: 300_000 }, () => {
  it("P3014 when the user may not create the shadow database", async () => {
    const url = await emptyDatabaseUrl();
    const role = await createOwnerRole(url, { createdb: false });
    cleanups.push(role.drop);
    const ws = await workspace(role.urlFor(url));
    const dev = await ws.prisma(["migrate", "dev", "--name", "next"]);
    expectFailure(dev, "P3014");
    expect(dev.output).toContain("Prisma Migrate could not create the shadow database");
    expect(dev.output).toContain("permission denied to create database");
    expect(dev.output).toContain("42501");
  });

  it("P3006 names the SQLSTATE and PostgreSQL's message", async () => {
    const ws = await workspace(await emptyDatabaseUrl());
    await ws.addMigration("20990101000000_broken", MISSING_TABLE);
    const dev = await ws.prisma(["migrate", "dev", "--name", "next"]);
    expectFailure(dev, "P3006");
    expect(dev.output).toContain(
      "Migration `20990101000000_broken` failed to apply cleanly to the shadow database",
    );
    expect(dev.output).toContain("Database error code: 42P01");
    expect(dev.output).toContain('ERROR: relation "Missing" does not exist');
  });

  it("_prisma_migrations.logs holds PostgreSQL's error for a failed migration", async () => {
    const url = await emptyDatabaseUrl();
    const ws = await workspace(url);
    await ws.addMigration("20990101000000_broken", MISSING_TABLE);
    expectFailure(await ws.prisma(["migrate", "deploy"]), "P3018");
    const [failed] = await query<{ logs: string }>(
      url,
      `SELECT logs FROM _prisma_migrations WHERE migration_name = '20990101000000_broken'`,
    );
    expect(failed?.logs).toContain("Database error code: 42P01");
    expect(failed?.logs).toContain('ERROR: relation "Missing" does not exist');
    expect(failed?.logs).not.toContain("external connector error");
  });

  it("P1010 for a role that may not log in, and (where the server trusts) one that does not exist", async () => {
    const url = await emptyDatabaseUrl();
    const role = await createOwnerRole(url, { createdb: false, login: false });
    cleanups.push(role.drop);
    const noLogin = await prismaForRepoSchema("shared", role.urlFor(url), ["migrate", "status"]);
    expectFailure(noLogin, "P1010");
    expect(noLogin.output).toContain(`User \`${role.name}\` was denied access on the database`);

    // With password authentication PostgreSQL does not say whether a role exists (28P01: P1000, as native).
    const missing = new URL(url);
    missing.username = "ub_no_such_role";
    missing.password = "";
    if (!(await trustsLocalConnections(missing.toString()))) return;
    const status = await prismaForRepoSchema("shared", missing.toString(), ["migrate", "status"]);
    expectFailure(status, "P1010");
    expect(status.output).toContain("User `ub_no_such_role` was denied access on the database");
  });

  it("?schema= with a space: migrate deploy, status and db pull work in that schema", async () => {
    const url = new URL(await emptyDatabaseUrl());
    url.searchParams.set("schema", "my schema");
    const run = (args: string[]) => prismaForRepoSchema("shared", url.toString(), args);
    const deploy = await run(["migrate", "deploy"]);
    expect(deploy.code, deploy.output).toBe(0);
    const status = await run(["migrate", "status"]);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");
    const pull = await run(["db", "pull", "--print"]);
    expect(pull.code, pull.output).toBe(0);
    expect(pull.output).toContain("model User {");
    const inSchema = await query<{ tablename: string }>(
      url.toString(),
      `SELECT tablename FROM pg_tables WHERE schemaname = 'my schema' AND tablename = 'User'`,
    );
    expect(inSchema).toHaveLength(1);
  });
});
