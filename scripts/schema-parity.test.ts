import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { identityModelDifferences } from "./schema-parity.ts";

const read = (name: string) =>
  readFileSync(new URL(`../prisma/${name}/schema.prisma`, import.meta.url), "utf8");
const shared = read("shared");
const app = read("app");

describe("identity model parity (pnpm db:check)", () => {
  it("holds for the committed schemas", () => {
    expect(identityModelDifferences(shared, app)).toEqual([]);
  });

  it("names every drift: type, optionality, unique, default, missing and extra fields", () => {
    const drifted = app
      // Column alignment is prisma format's: match the fields whatever their padding.
      .replace(/^( +name +)String\?$/m, "$1String")
      .replace(/^( +email +String) +@unique$/m, "$1\n  nickname String?")
      .replace(/^( +image +)String\?$/m, "$1Int?")
      .replace(/^( +lastSeenAt +DateTime) +@default\(now\(\)\)$/m, "$1")
      .replace(/^ +expires_at +Int\?\n/m, "");
    expect(identityModelDifferences(shared, drifted)).toEqual([
      "User.name: isRequired is true in app, false in shared",
      "User.email: isUnique is false in app, true in shared",
      'User.image: type is "Int" in app, "String" in shared',
      "User.nickname: only in prisma/app",
      "Account.expires_at: missing from prisma/app",
      'Session.lastSeenAt: default is null in app, {"name":"now","args":[]} in shared',
    ]);
  });

  it("names a missing model", () => {
    const withoutTokens = app.replace(/model VerificationToken \{[^}]*\}/, "");
    expect(identityModelDifferences(shared, withoutTokens)).toEqual([
      "VerificationToken: missing from prisma/app",
    ]);
  });
});
