// The test harness has a migrated template for every schema under prisma/: createTestDatabase(server, name)
// clones it (building it on first use when global setup did not).
import { createTestDatabase, serverAdminUrl } from "@userbridge/testing/databases";
import { ensureTemplates, templateSchemas } from "@userbridge/testing/harness/templates";
import { tables } from "@userbridge/testing/sql";
import { afterAll, expect, it } from "vitest";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

it("gives the app server a template of every site schema", async () => {
  expect(templateSchemas("identity")).toEqual(["shared"]);
  expect(templateSchemas("app")).toEqual(["app", "new"]);
  const templates = await ensureTemplates(serverAdminUrl("app"), templateSchemas("app"));
  expect(Object.keys(templates)).toEqual(["app", "new"]);
  for (const [schema, name] of Object.entries(templates))
    expect(name).toMatch(new RegExp(`^ub_tpl_${schema}_[0-9a-f]{16}$`));
});

it("clones a migrated database of the new site's schema: the identity tables and its own", async () => {
  const database = await createTestDatabase("app", "new");
  cleanups.push(database.drop);
  expect(await tables(database.url)).toEqual([
    "Account",
    "Authenticator",
    "HandoffCode",
    "LoginThrottle",
    "Project",
    "Session",
    "Task",
    "User",
    "VerificationToken",
    "_prisma_migrations",
  ]);
});
