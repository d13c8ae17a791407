// `pnpm db:migrate`, `db:status`, `db:reset`, `db:migrate:dev` as users run them (scripts/migrate.ts).
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@userbridge/testing/databases";
import { runCommand } from "@userbridge/testing/run-command";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

function migrate(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const { PRISMA_SCHEMA_ENGINE_BINARY: _e, ...inherited } = process.env;
  // No schema's database (SHARED_DATABASE_URL, APP_DATABASE_URL, NEW_DATABASE_URL, ...) from the caller's shell.
  const base = Object.fromEntries(
    Object.entries(inherited).filter(([name]) => !name.endsWith("_DATABASE_URL")),
  );
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
  it("deploys every schema when none is named (shared first), then reports their status, naming each database but no password", async () => {
    const [shared, app, site] = await Promise.all([
      createTestDatabase("identity", "empty"),
      createTestDatabase("app", "empty"),
      createTestDatabase("app", "empty"),
    ]);
    cleanups.push(shared.drop, app.drop, site.drop);
    const env = {
      SHARED_DATABASE_URL: withPassword(shared.url),
      APP_DATABASE_URL: withPassword(app.url),
      NEW_DATABASE_URL: withPassword(site.url),
    };

    const deploy = await migrate(["deploy"], env);
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toMatch(
      new RegExp(
        `migrate deploy on the shared database .*/${shared.name} as [\\s\\S]*` +
          `migrate deploy on the app database .*/${app.name} as [\\s\\S]*` +
          `migrate deploy on the new database .*/${site.name} as `,
      ),
    );
    expect(deploy.output).toMatch(/Applying migration `\d+_projects_and_tasks`/);
    for (const url of Object.values(env)) expect(deploy.output).not.toContain(new URL(url).password);

    const status = await migrate(["status"], env);
    expect(status.code, status.output).toBe(0);
    expect(status.output.match(/Database schema is up to date!/g)).toHaveLength(3);

    const one = await migrate(["status", "new"], { NEW_DATABASE_URL: env.NEW_DATABASE_URL });
    expect(one.code, one.output).toBe(0);
    expect(one.output.match(/Database schema is up to date!/g)).toHaveLength(1);
  });

  it("stops with a clear error before running prisma when a URL is missing or a reset is remote", async () => {
    const missing = await migrate(["deploy"], {});
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(
      /userbridge: invalid database configuration[\s\S]*SHARED_DATABASE_URL[\s\S]*APP_DATABASE_URL[\s\S]*NEW_DATABASE_URL/,
    );
    expect(missing.output).not.toContain("Prisma schema loaded");

    const remote = await migrate(["reset", "app"], {
      APP_DATABASE_URL: "postgresql://u:pw@db.example.com/app",
    });
    expect(remote.code).toBe(1);
    expect(remote.output).toContain("refusing to reset the app database at db.example.com:5432/app as u");
    expect(remote.output).not.toContain("pw");
  });

  it("exits 2 with the usage for a usage mistake, listing the schemas for an unknown one", async () => {
    const env = { SHARED_DATABASE_URL: "postgresql://u@localhost/x" };
    const mistakes = [
      [["dev", "shared"], "db:migrate:dev needs --name <name>"],
      [["dev", "shared", "--nmae", "x"], "Unknown option '--nmae'"],
      [["dev", "--name", "x"], "name exactly one schema"],
      [
        ["deploy", "blog"],
        'there is no schema "blog" (no prisma/blog/schema.prisma); the schemas are: shared, app, new',
      ],
      [["status", "Blog_2"], '"Blog_2" is not a schema name'],
      [["reset", "app", "new"], "name exactly one schema"],
      [["upgrade"], "unknown command `upgrade`"],
    ] as const;
    const results = await Promise.all(mistakes.map(([args]) => migrate([...args], env)));
    for (const [index, [args, message]] of mistakes.entries()) {
      const result = results[index] as Awaited<ReturnType<typeof migrate>>;
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.output).toContain(`userbridge: ${message}`);
      expect(result.output).toContain("usage:\n  pnpm db:migrate [<schema>...]");
      expect(result.output).toContain(
        "schemas (folders prisma/<name>/ with a schema.prisma): shared, app, new",
      );
    }
    const help = await migrate(["status", "--help"], {});
    expect(help.code).toBe(0);
    expect(help.output).toContain("pnpm db:reset <schema> [--force]");
  });

  it("exits with prisma's code when prisma fails", async () => {
    const result = await migrate(["status", "shared"], {
      SHARED_DATABASE_URL: "postgresql://u@127.0.0.1:1/x",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain("P1001");
  });
});
