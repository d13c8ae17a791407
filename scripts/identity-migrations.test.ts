// Every site database gets the identity tables with the very SQL the identity database gets, hand-written
// parts included (the session-change NOTIFY triggers): each site schema's migrations hold each of
// prisma/shared's migrations, statement for statement, under the same name and in the same order.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRISMA_DIR, siteSchemaNames } from "./schemas.ts";

/** Migration folders by name without the timestamp (`init`, `login_throttle`, ...), in order. */
function migrations(schema: string): Map<string, string> {
  const dir = join(PRISMA_DIR, schema, "migrations");
  const folders = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return new Map(
    folders
      .map((entry) => entry.name)
      .sort()
      .map((name) => [name.replace(/^\d+_/, ""), readFileSync(join(dir, name, "migration.sql"), "utf8")]),
  );
}

/** The SQL's statements (blocks between blank lines: a plpgsql body has none), whitespace normalized. */
const statements = (sql: string) =>
  sql
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, " ").trim())
    .filter(Boolean);

const shared = migrations("shared");

describe.each(siteSchemaNames())("prisma/%s/migrations", (site) => {
  const own = migrations(site);

  it("start with prisma/shared's migrations, in the same order", () => {
    expect([...own.keys()].slice(0, shared.size)).toEqual([...shared.keys()]);
  });

  it.each([...shared.keys()])("%s has every statement of prisma/shared's", (name) => {
    const missing = statements(shared.get(name) ?? "").filter(
      (statement) => !statements(own.get(name) ?? "").includes(statement),
    );
    expect(missing).toEqual([]);
  });
});
