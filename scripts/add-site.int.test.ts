// README's "Add a site to your monorepo", step by step, in a throwaway copy of the monorepo: its commands
// as written (`pnpm db:add-site blog`, `pnpm db:migrate:dev blog --name init`, `pnpm db:generate blog`,
// `pnpm db:check`), a model of the site's own, and its `// blog-db.ts` block verbatim as the site's code.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { query } from "@userbridge/testing/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyWorkspace, type WorkspaceCopy } from "./workspace-copy.ts";

/** The site's code: step 4's `// blog-db.ts` (written beside it), used on a model of the site's own. */
const SITE_PROGRAM = `import { db } from "./blog-db.ts";

try {
  const user = await db.user.create({ data: { email: process.argv[2] ?? "", name: "A blog reader" } });
  const note = await db.note.create({ data: { title: "First note", ownerId: user.id } });
  const read = await db.note.findUniqueOrThrow({ where: { id: note.id } });
  const owner = await db.user.findUniqueOrThrow({ where: { id: read.ownerId } });
  console.log(JSON.stringify({ userId: user.id, title: read.title, owner: owner.email }));
} finally {
  await db.$disconnect();
}
`;

const NOTE_MODEL = `
model Note {
  id        String   @id @default(cuid())
  title     String
  /// A user id in the identity database.
  ownerId   String
  createdAt DateTime @default(now())

  @@index([ownerId])
}
`;

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const section = README.slice(
  README.indexOf("## Add a site to your monorepo"),
  README.indexOf("## Migrations"),
);

/** The step's ```ts block (indented in the numbered list) whose first line is `firstLine`, verbatim. */
function sectionBlock(firstLine: string): string {
  const match = new RegExp(`^( *)\`\`\`ts\n\\1${firstLine}\n([\\s\\S]*?)^\\1\`\`\`$`, "m").exec(section);
  if (!match) throw new Error(`the README's "Add a site" section has no ts block starting with ${firstLine}`);
  const indent = match[1] as string;
  return `${firstLine}\n${match[2]}`.replace(new RegExp(`^${indent}`, "gm"), "");
}

let workspace: WorkspaceCopy;
let shared: TestDatabase;
let blog: TestDatabase;

beforeAll(async () => {
  workspace = copyWorkspace();
  [shared, blog] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "empty"),
  ]);
  // After a clone, `pnpm install` generates every client (postinstall): the copy does the same.
  const generate = await workspace.script("db:generate");
  expect(generate.code, generate.output).toBe(0);
}, 300_000);

afterAll(async () => {
  await Promise.all([shared?.drop(), blog?.drop(), workspace?.remove()]);
});

describe("Add a site to your monorepo (README)", { timeout: 300_000 }, () => {
  const schemaFile = () => join(workspace.dir, "prisma", "blog", "schema.prisma");

  it("are the README's steps: the commands below are the ones it gives", async () => {
    for (const command of [
      "pnpm db:add-site blog",
      "BLOG_DATABASE_URL=postgresql://... pnpm db:migrate:dev blog --name init",
      "pnpm db:generate blog",
      "pnpm db:check",
    ]) {
      expect(section).toContain(`   ${command}\n`);
    }
  });

  it("1. pnpm db:add-site blog scaffolds the schema, its identity migrations and its client", async () => {
    const result = await workspace.script("db:add-site", ["blog"]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("userbridge: created prisma/blog/");
    expect(result.output).toContain('import { PrismaClient } from "@userbridge/clients/blog"');
    expect(result.output).toContain(
      "BLOG_DATABASE_URL=postgresql://... pnpm db:migrate:dev blog --name init",
    );
    expect(readdirSync(join(workspace.dir, "prisma", "blog")).sort()).toEqual([
      "migrations",
      "prisma.config.ts",
      "schema.prisma",
    ]);
    expect(readdirSync(join(workspace.dir, "packages", "clients", "src", "blog"))).toContain("client.ts");

    const again = await workspace.script("db:add-site", ["blog"]);
    expect(again.code).toBe(1);
    expect(again.output).toContain("prisma/blog exists already");
    const invalid = await workspace.script("db:add-site", ["Blog_2"]);
    expect(invalid.code).toBe(2);
    expect(invalid.output).toContain('"Blog_2" is not a schema name');
  });

  it("2-3. a model of the site's own becomes a migration, after the identity ones, on the site's database", async () => {
    writeFileSync(schemaFile(), readFileSync(schemaFile(), "utf8") + NOTE_MODEL);
    const result = await workspace.script("db:migrate:dev", ["blog", "--name", "init"], {
      BLOG_DATABASE_URL: blog.url,
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(
      new RegExp(`prisma migrate dev --name init on the blog database .*/${blog.name} as `),
    );

    const identity = new Set(readdirSync(join(workspace.dir, "prisma", "shared", "migrations")));
    const migrations = readdirSync(join(workspace.dir, "prisma", "blog", "migrations")).filter(
      (name) => name.endsWith("_init") && !identity.has(name),
    );
    expect(migrations).toHaveLength(1);
    const sql = readFileSync(
      join(workspace.dir, "prisma", "blog", "migrations", migrations[0] as string, "migration.sql"),
      "utf8",
    );
    // The scaffold's identity migrations match its schema: the new migration holds the new model only.
    expect(sql).toContain('CREATE TABLE "Note"');
    expect(sql).not.toMatch(/"User"|"Session"|"Account"/);
    const triggers = await query(
      blog.url,
      "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname",
    );
    expect(triggers.map((row) => row.tgname)).toContain("Session_notify_delete");

    expect(result.output).toContain("now `pnpm db:generate blog` updates @userbridge/clients/blog");
    const generate = await workspace.script("db:generate", ["blog"]);
    expect(generate.code, generate.output).toBe(0);

    const status = await workspace.script("db:status", ["blog"], { BLOG_DATABASE_URL: blog.url });
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");
  });

  it("4. the site's code uses @userbridge/clients/blog through createDb({ appClient }): users land in the identity database", async () => {
    const program = join(workspace.dir, "packages", "demo", "blog-site.ts");
    writeFileSync(join(workspace.dir, "packages", "demo", "blog-db.ts"), sectionBlock("// blog-db.ts"));
    writeFileSync(program, SITE_PROGRAM);
    const email = `reader-${Date.now()}@example.com`;
    // At run time every site reads its own database from APP_DATABASE_URL.
    const result = await workspace.bin("tsx", ["--conditions=@userbridge/source", program, email], {
      SHARED_DATABASE_URL: shared.url,
      APP_DATABASE_URL: blog.url,
    });
    expect(result.code, result.output).toBe(0);
    const printed = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(printed).toMatchObject({ title: "First note", owner: email });

    expect(await query(shared.url, 'SELECT id, email FROM "User"')).toEqual([{ id: printed.userId, email }]);
    expect(await query(blog.url, 'SELECT count(*)::int AS n FROM "User"')).toEqual([{ n: 0 }]);
    expect(await query(blog.url, 'SELECT title, "ownerId" FROM "Note"')).toEqual([
      { title: "First note", ownerId: printed.userId },
    ]);

    // And it type-checks: `db.note` is the blog client's delegate.
    writeFileSync(
      join(workspace.dir, "packages", "demo", "tsconfig.blog-site.json"),
      JSON.stringify({
        extends: "../../tsconfig.base.json",
        // A site is an application: it emits no declarations (a library exporting `db` would annotate it: `Db<PrismaClient>`).
        compilerOptions: { noEmit: true, declaration: false, declarationMap: false },
        files: ["blog-site.ts"],
      }),
    );
    const typecheck = await workspace.bin("tsc", ["-p", "packages/demo/tsconfig.blog-site.json"]);
    expect(typecheck.code, typecheck.output).toBe(0);
  });

  it("5. pnpm db:check passes, and fails naming prisma/blog once one of its identity models drifts", async () => {
    const check = await workspace.script("db:check");
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain(
      "the identity models of prisma/app, prisma/blog, prisma/new match prisma/shared",
    );

    writeFileSync(
      schemaFile(),
      readFileSync(schemaFile(), "utf8").replace(/^( +name +)String\?$/m, "$1String"),
    );
    const drifted = await workspace.script("db:check");
    expect(drifted.code).toBe(1);
    expect(drifted.output).toContain(
      "userbridge: prisma/blog's identity models differ from prisma/shared's (1):",
    );
    expect(drifted.output).toContain("  - blog: User.name: isRequired is true in blog, false in shared");
    expect(drifted.output).not.toMatch(/prisma\/(app|new)'s identity models differ/);
  });
});
