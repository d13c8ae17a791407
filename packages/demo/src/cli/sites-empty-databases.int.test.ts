// `pnpm demo:sites` pointed at EMPTY databases: it applies each one's own migrations first (identity:
// shared, old site: app, new site: new), as `pnpm demo` does, then serves both sites on them.
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { freePort } from "@userbridge/testing/free-port";
import { tables } from "@userbridge/testing/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../test/browser.js";
import { type SitesProcess, startSitesProcess } from "../../test/sites-process.js";

let made: TestDatabase[] = [];
let running: SitesProcess | undefined;

beforeAll(async () => {
  made = await Promise.all([
    createTestDatabase("identity", "empty"),
    createTestDatabase("app", "empty"),
    createTestDatabase("app", "empty"),
  ]);
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await Promise.all(made.map((database) => database.drop()));
});

describe("demo:sites on empty databases", () => {
  it("migrates each database with its own schema, then serves both sites on them", async () => {
    const [identity, oldSite, newSite] = made as [TestDatabase, TestDatabase, TestDatabase];
    for (const database of made) expect(await tables(database.url)).toEqual([]);
    running = await startSitesProcess(
      {
        SHARED_DATABASE_URL: identity.url,
        APP_DATABASE_URL: oldSite.url,
        NEW_DATABASE_URL: newSite.url,
        PORT_OLD: String(await freePort()),
        PORT_NEW: String(await freePort()),
        SESSION_PASSWORD: "empty-databases-empty-databases-0001",
      },
      [],
      ["old", "new"],
      150_000,
    );
    expect(running.output()).toMatch(
      /migrating identity \(schema shared\), old site \(schema app\), new site \(schema new\)/,
    );
    expect(running.output()).toMatch(/migrations applied/);

    const [identityTables, oldTables, newTables] = await Promise.all(
      made.map((database) => tables(database.url)),
    );
    expect(identityTables).toEqual(expect.arrayContaining(["User", "Session"]));
    expect(identityTables).not.toEqual(expect.arrayContaining(["Post"]));
    expect(oldTables).toEqual(expect.arrayContaining(["User", "Session", "Post"]));
    expect(newTables).toEqual(expect.arrayContaining(["User", "Session", "Project", "Task"]));
    expect(newTables).not.toContain("Post");

    const { old: OLD, new: NEW } = running.urls as { old: string; new: string };
    const browser = new Browser();
    const credentials = { email: "empty@example.com", password: "correct horse battery" };
    expect((await browser.post(`${OLD}/signup`, credentials)).status).toBe(201);
    expect((await browser.post(`${OLD}/posts`, { title: "On a fresh database" })).status).toBe(201);
    expect((await browser.post(`${NEW}/projects`, { name: "Fresh project" })).status).toBe(201);
    expect((await browser.get(`${NEW}/projects`)).status).toBe(200);
  }, 180_000);
});
