import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { identityModelDifferences, modelsOf } from "./schema-parity.ts";
import { PRISMA_DIR } from "./schemas.ts";
import { SITE_MODELS_MARKER, siteConfigText, siteSchemaText, writeSiteSchema } from "./site-scaffold.ts";

const schemaWasm: { format(files: string, params: string): string } = createRequire(import.meta.url)(
  "@prisma/prisma-schema-wasm",
);
const shared = readFileSync(join(PRISMA_DIR, "shared", "schema.prisma"), "utf8");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `prisma format`'s output for one schema file. */
function formatted(schema: string): string {
  const params = {
    textDocument: { uri: "file:/schema.prisma" },
    options: { tabSize: 2, insertSpaces: true },
  };
  const [[, text]] = JSON.parse(
    schemaWasm.format(JSON.stringify([["schema.prisma", schema]]), JSON.stringify(params)),
  ) as [[string, string]];
  return text;
}

describe("db:add-site's schema", () => {
  const blog = siteSchemaText(shared, "blog");

  it("has prisma/shared's identity models, exactly, and nothing else yet", () => {
    expect(identityModelDifferences(shared, blog, "blog")).toEqual([]);
    expect([...modelsOf(blog).keys()]).toEqual([...modelsOf(shared).keys()]);
    // The comments and documentation too: the identity part is prisma/shared's text.
    expect(blog).toContain(shared.slice(shared.indexOf("// Identity models")).trim());
  });

  it("writes its client to packages/clients/src/<name>, with prisma/shared's generator settings", () => {
    expect(blog).toContain('output              = "../../packages/clients/src/blog"');
    const settings = (schema: string) =>
      /generator client \{([\s\S]*?)\n\}/.exec(schema)?.[1]?.replace(/^.*output.*$/m, "");
    expect(settings(blog)).toBe(settings(shared));
    expect(blog).toContain('datasource db {\n  provider = "postgresql"\n}');
  });

  it("says where the site's models go, and is as prisma format writes it", () => {
    expect(blog.trimEnd().split("\n").slice(-3)[0]).toBe(SITE_MODELS_MARKER);
    expect(formatted(blog)).toBe(blog);
  });
});

describe("db:add-site's files", () => {
  it("are the schema, a one-line config, and prisma/shared's migrations", () => {
    const into = join(mkdtempSync(join(tmpdir(), "ub-scaffold-")), "blog");
    dirs.push(join(into, ".."));
    writeSiteSchema({
      prismaDir: PRISMA_DIR,
      name: "blog",
      into,
      sharedSchema: shared,
      urlVariable: "BLOG_DATABASE_URL",
    });

    expect(readdirSync(into).sort()).toEqual(["migrations", "prisma.config.ts", "schema.prisma"]);
    expect(readFileSync(join(into, "prisma.config.ts"), "utf8")).toBe(
      siteConfigText("blog", "BLOG_DATABASE_URL"),
    );
    expect(siteConfigText("blog", "BLOG_DATABASE_URL")).toContain(
      'export default defineConfig(prismaSchemaConfig("blog"));',
    );
    const sharedMigrations = join(PRISMA_DIR, "shared", "migrations");
    expect(readdirSync(join(into, "migrations")).sort()).toEqual(readdirSync(sharedMigrations).sort());
    for (const migration of readdirSync(sharedMigrations, { recursive: true, encoding: "utf8" })) {
      if (!migration.endsWith(".sql")) continue;
      expect(readFileSync(join(into, "migrations", migration), "utf8")).toBe(
        readFileSync(join(sharedMigrations, migration), "utf8"),
      );
    }
  });
});
