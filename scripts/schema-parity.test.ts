import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { identityModelDifferences } from "./schema-parity.ts";
import { siteSchemaNames } from "./schemas.ts";

const read = (name: string) =>
  readFileSync(new URL(`../prisma/${name}/schema.prisma`, import.meta.url), "utf8");
const shared = read("shared");
const app = read("app");

describe("identity model parity (pnpm db:check)", () => {
  it.each(siteSchemaNames())("holds for the committed schema prisma/%s", (site) => {
    expect(identityModelDifferences(shared, read(site), site)).toEqual([]);
  });

  it("names every drift, and the site schema: type, optionality, unique, default, missing and extra fields", () => {
    const drifted = app
      // Column alignment is prisma format's: match the fields whatever their padding.
      .replace(/^( +name +)String\?$/m, "$1String")
      .replace(/^( +email +String) +@unique$/m, "$1\n  nickname String?")
      .replace(/^( +image +)String\?$/m, "$1Int?")
      .replace(/^( +lastSeenAt +DateTime) +@default\(now\(\)\)$/m, "$1")
      .replace(/^ +expires_at +Int\?\n/m, "");
    expect(identityModelDifferences(shared, drifted, "blog")).toEqual([
      "User.name: isRequired is true in blog, false in shared",
      "User.email: isUnique is false in blog, true in shared",
      'User.image: type is "Int" in blog, "String" in shared',
      "User.nickname: only in prisma/blog",
      "Account.expires_at: missing from prisma/blog",
      'Session.lastSeenAt: default is null in blog, {"name":"now","args":[]} in shared',
    ]);
  });

  it("names a missing model", () => {
    const withoutTokens = app.replace(/model VerificationToken \{[^}]*\}/, "");
    expect(identityModelDifferences(shared, withoutTokens, "app")).toEqual([
      "VerificationToken: missing from prisma/app",
    ]);
  });
});
