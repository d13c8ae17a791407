// `pnpm db:migrate`, `db:status`, `db:reset`, `db:migrate:dev` as users run them (scripts/migrate.ts).
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/databases.ts";
import { runCommand } from "../test/run-command.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

function migrate(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const {
    SHARED_DATABASE_URL: _s,
    APP_DATABASE_URL: _a,
    PRISMA_SCHEMA_ENGINE_BINARY: _e,
    ...base
  } = process.env;
  return runCommand(
    `${ROOT}node_modules/.bin/tsx`,
    ["--conditions=@userbridge/source", "scripts/migrate.ts", ...args],
    {
      cwd: ROOT,
      env: { ...base, NO_COLOR: "1", CHECKPOINT_DISABLE: "1", ...env },
    },
  );
}

/** The database's URL with a password added: the scripts must never print it. */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = "never-printed";
  return parsed.toString();
}

describe.concurrent("scripts/migrate.ts", () => {
  it("deploys both databases, then reports their status, naming each database but no password", async () => {
    const [shared, app] = await Promise.all([
      createTestDatabase("identity", "empty"),
      createTestDatabase("app", "empty"),
    ]);
    cleanups.push(shared.drop, app.drop);
    const env = { SHARED_DATABASE_URL: withPassword(shared.url), APP_DATABASE_URL: withPassword(app.url) };

    const deploy = await migrate(["deploy", "shared", "app"], env);
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toMatch(new RegExp(`migrate deploy on the shared database .*/${shared.name} as `));
    expect(deploy.output).toMatch(new RegExp(`migrate deploy on the app database .*/${app.name} as `));
    for (const password of [
      new URL(env.SHARED_DATABASE_URL).password,
      new URL(env.APP_DATABASE_URL).password,
    ]) {
      expect(deploy.output).not.toContain(password);
    }

    const status = await migrate(["status", "shared", "app"], env);
    expect(status.code, status.output).toBe(0);
    expect(status.output.match(/Database schema is up to date!/g)).toHaveLength(2);
  });

  it("stops with a clear error before running prisma when a URL is missing or a reset is remote", async () => {
    const missing = await migrate(["deploy", "shared", "app"], {});
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(
      /userbridge: invalid database configuration[\s\S]*SHARED_DATABASE_URL[\s\S]*APP_DATABASE_URL/,
    );

    const remote = await migrate(["reset", "app"], {
      APP_DATABASE_URL: "postgresql://u:pw@db.example.com/app",
    });
    expect(remote.code).toBe(1);
    expect(remote.output).toContain("refusing to reset the app database at db.example.com:5432/app as u");
    expect(remote.output).not.toContain("pw");

    const unnamed = await migrate(["dev", "shared"], { SHARED_DATABASE_URL: "postgresql://u@localhost/x" });
    expect(unnamed.code).toBe(2);
    expect(unnamed.output).toContain("needs --name <name>");
  });

  it("exits with prisma's code when prisma fails", async () => {
    const result = await migrate(["status", "shared"], {
      SHARED_DATABASE_URL: "postgresql://u@127.0.0.1:1/x",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain("P1001");
  });
});
