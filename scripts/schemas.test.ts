import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveSchemas, schemaNameProblem, schemaNames, siteSchemaNames, UsageError } from "./schemas.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A prisma/ folder holding a schema.prisma in each of `withSchema`, and the other folders empty. */
function prismaDir(withSchema: string[], withoutSchema: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "ub-schemas-"));
  dirs.push(dir);
  for (const name of [...withSchema, ...withoutSchema]) mkdirSync(join(dir, name));
  for (const name of withSchema) writeFileSync(join(dir, name, "schema.prisma"), "");
  return dir;
}

describe("schema discovery", () => {
  it("finds the repository's schemas: shared first, then the sites", () => {
    expect(schemaNames()).toEqual(["shared", "app", "new"]);
    expect(siteSchemaNames()).toEqual(["app", "new"]);
  });

  it("takes every folder holding a schema.prisma, shared first, the sites alphabetically", () => {
    const dir = prismaDir(["zoo", "shared", "blog-v2", "app"], ["notes", ".blog.partial"]);
    expect(schemaNames(dir)).toEqual(["shared", "app", "blog-v2", "zoo"]);
    expect(siteSchemaNames(dir)).toEqual(["app", "blog-v2", "zoo"]);
  });

  it("says so when prisma/shared is missing or a folder's name cannot be a schema's", () => {
    expect(() => schemaNames(prismaDir(["app"]))).toThrow(
      "prisma/shared/schema.prisma (the identity schema) is missing",
    );
    expect(() => schemaNames(prismaDir(["shared", "Blog_2"]))).toThrow(
      /prisma\/Blog_2\/schema\.prisma: "Blog_2" is not a schema name.*rename its folder/,
    );
  });
});

describe("schema names", () => {
  it.each(["blog", "shop-v2", "a1", "new"])("accepts %s", (name) => {
    expect(schemaNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["Blog", "lower-case letters"],
    ["blog_v2", "lower-case letters"],
    ["2blog", "starting with a letter"],
    ["-blog", "starting with a letter"],
    ["blog-", "lower-case letters"],
    ["blog--v2", "lower-case letters"],
    ["", "lower-case letters"],
    ["a".repeat(33), "at most 32 characters"],
    ["app-shadow", 'may not end in "-shadow"'],
    ["empty", "reserved"],
    ["test", "reserved: TEST_DATABASE_URL"],
  ])("refuses %j (%s)", (name, reason) => {
    expect(schemaNameProblem(name)).toContain(reason);
  });
});

describe("resolveSchemas", () => {
  const known = ["shared", "app", "new"];

  it("is every schema when none is named, else the named ones once each, in order", () => {
    expect(resolveSchemas([], known)).toEqual(known);
    expect(resolveSchemas(["new", "shared", "new"], known)).toEqual(["new", "shared"]);
  });

  it("lists the known schemas for an unknown name, and explains an invalid one", () => {
    expect(() => resolveSchemas(["blog"], known)).toThrow(UsageError);
    expect(() => resolveSchemas(["blog"], known)).toThrow(
      'there is no schema "blog" (no prisma/blog/schema.prisma); the schemas are: shared, app, new',
    );
    expect(() => resolveSchemas(["Blog"], known)).toThrow('"Blog" is not a schema name');
    expect(() => resolveSchemas(["blog"], ["app"], "site schemas")).toThrow("the site schemas are: app");
  });
});
