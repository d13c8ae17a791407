// Issue 11: every page ends with the queries its request ran, which database answered each and why
// (routing reason). Each request has a list of its own, also when requests run at the same time.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../test/browser.js";
import { panelLines, panelRows } from "../../test/query-panel.js";
import { useSiteDatabases } from "../../test/site-databases.js";
import { createSiteAdmin } from "./admin-user.js";
import { type RunningSites, startSites } from "./sites.js";

const databases = useSiteDatabases();
let sites: RunningSites;
let OLD: string;
let NEW: string;
const PASSWORD = "correct horse battery";
const ADMIN = { email: "root@panel.test", password: "admin-password" };
const email = (label: string) => `${label}-${randomBytes(4).toString("hex")}@panel.test`;

beforeAll(async () => {
  sites = await startSites({
    sharedDatabaseUrl: databases.shared.url,
    old: { appDatabaseUrl: databases.oldSite.url },
    new: { appDatabaseUrl: databases.newSite.url },
    hostname: "127.0.0.1",
    session: { password: "query-panel-password-query-panel-pw", env: {}, logger: { warn() {} } },
    warn() {},
  });
  OLD = sites.old.url;
  NEW = sites.new.url;
  await createSiteAdmin("old", databases.oldSite.url, ADMIN);
}, 60_000);

afterAll(async () => {
  await sites?.close();
});

async function signedUp(): Promise<Browser> {
  const browser = new Browser();
  expect((await browser.post(`${OLD}/signup`, { email: email("user"), password: PASSWORD })).status).toBe(
    201,
  );
  return browser;
}

async function admin(): Promise<Browser> {
  const browser = new Browser();
  expect((await browser.post(`${OLD}/admin/login`, ADMIN)).status).toBe(200);
  return browser;
}

const page = async (browser: Browser, url: string) => {
  const response = await browser.get(url);
  expect(response.status).toBe(200);
  return response.text();
};

describe("the query panel", () => {
  it("the admin page: this site's own database, reason admin", async () => {
    const html = await page(await admin(), `${OLD}/admin`);
    expect(html).toContain("Queries of this request");
    expect(panelLines(html)).toEqual(
      expect.arrayContaining(["user.findMany own admin", "post.count own admin"]),
    );
    // Under /admin nothing reaches the identity database: the admin session is this site's own too.
    expect(panelRows(html).filter((row) => row.database !== "own")).toEqual([]);
    expect(html).toContain("old site&#39;s own");
  });

  it("a page reading the user: the session from the identity database (pinned), authors routed-model", async () => {
    const browser = await signedUp();
    // The new site has not seen this session yet: its first page looks it up (one raw SELECT ... JOIN,
    // on the identity database whatever the request: the session API pins it there).
    const home = await page(browser, `${NEW}/`);
    expect(panelLines(home)).toEqual(["$raw.$queryRaw identity pinned"]);
    expect(home).toContain("<code>$queryRaw</code>");
    // Now in the new site's session cache: no query at all.
    expect(panelRows(await page(browser, `${NEW}/`))).toEqual([]);
    expect((await browser.post(`${OLD}/posts`, { title: "Panel post" })).status).toBe(201);
    const posts = await page(browser, `${OLD}/posts`);
    expect(panelLines(posts)).toEqual(
      expect.arrayContaining(["post.findMany own default", "user.findMany identity routed-model"]),
    );
  });

  it("a failed login form shows the pinned lookups of the identity database", async () => {
    const response = await new Browser().post(
      `${NEW}/login`,
      { email: email("nobody"), password: "x" },
      { form: true },
    );
    expect(response.status).toBe(401);
    const lines = panelLines(await response.text());
    expect(lines).toContain("user.findUnique identity pinned");
    expect(lines.every((line) => line.includes(" identity pinned"))).toBe(true);
  });

  it("a page with no query says so", async () => {
    const html = await page(new Browser(), `${OLD}/`);
    expect(panelRows(html)).toEqual([]);
    expect(html).toContain("No database queries");
  });

  it("never mixes the queries of concurrent requests", async () => {
    const [user, root] = await Promise.all([signedUp(), admin()]);
    const rounds = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        index % 2 === 0
          ? page(user, `${OLD}/posts`).then((html) => ["posts", html] as const)
          : page(root, `${OLD}/admin`).then((html) => ["admin", html] as const),
      ),
    );
    for (const [kind, html] of rounds) {
      const rows = panelRows(html);
      if (kind === "admin") {
        expect(rows.filter((row) => row.reason !== "admin" && row.reason !== "pinned")).toEqual([]);
        expect(rows.filter((row) => row.model === "post" && row.operation === "findMany")).toEqual([]);
        expect(rows.filter((row) => row.model === "post" && row.operation === "count")).toHaveLength(1);
      } else {
        expect(rows.filter((row) => row.reason === "admin")).toEqual([]);
        expect(rows.filter((row) => row.model === "post" && row.operation === "findMany")).toHaveLength(1);
      }
    }
  });
});
