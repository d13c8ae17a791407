// The story in a real browser (headless Chromium), on the stack `pnpm demo` runs: sign up on the old
// site, the new site knows you; log into the new site's admin, the shared login stays; log out on the
// new site, the old site has logged you out too. Each step is a screenshot in test-artifacts/e2e/.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSitesDatabases } from "../../test/site-databases.js";
import { ADMIN_LOGINS } from "../launcher/seed.js";
import { type RunningDemo, startDemo } from "../launcher/start-demo.js";
import { createSiteAdmin } from "../sites/admin-user.js";
import { type ChromiumSession, chromiumUnavailable, launchChromium } from "./chromium.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const artifacts = join(repoRoot, "test-artifacts", "e2e");

const missing = chromiumUnavailable();
// In CI a missing browser is a failure (.ci/run installs it); elsewhere the test says why it skips.
if (missing && process.env.CI) throw new Error(`userbridge e2e: ${missing}`);
if (missing) console.warn(`userbridge: skipped the browser end-to-end test: ${missing}`);

type Variant = "embedded" | "postgresql";

async function databasesFor(
  variant: Variant,
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (variant === "embedded") return { env: {}, drop: async () => {} };
  const { shared, oldSite, newSite } = await createSitesDatabases();
  // The demo seeds logins only into embedded databases: on real servers the admin is created the
  // way a user does it (`pnpm demo:admin new <email> <password>`).
  await createSiteAdmin("new", newSite.url, ADMIN_LOGINS.new);
  return {
    env: {
      SHARED_DATABASE_URL: shared.url,
      APP_DATABASE_URL: oldSite.url,
      NEW_DATABASE_URL: newSite.url,
    },
    drop: async () => {
      await Promise.all([shared, oldSite, newSite].map((database) => database.drop()));
    },
  };
}

describe.skipIf(missing)("the story in headless Chromium", () => {
  describe.each<Variant>(["embedded", "postgresql"])("on %s databases", (variant) => {
    let dataDir: string;
    let databases: Awaited<ReturnType<typeof databasesFor>>;
    let demo: RunningDemo;
    let browser: ChromiumSession;
    let page: Page;
    let step = 0;

    const shot = async (name: string) => {
      step += 1;
      const dir = join(artifacts, variant);
      await mkdir(dir, { recursive: true });
      await page.screenshot({
        path: join(dir, `${String(step).padStart(2, "0")}-${name}.png`),
        fullPage: true,
      });
    };
    const status = async () => (await page.locator(".status").textContent()) ?? "";
    /** The query panel's rows: `model.operation database reason`. */
    const queries = async () =>
      page
        .locator(".queries tbody tr")
        .evaluateAll((rows) =>
          rows.map(
            (row) =>
              `${row.getAttribute("data-model")}.${row.getAttribute("data-operation")} ${row.getAttribute("data-database")} ${row.getAttribute("data-reason")}`,
          ),
        );

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "userbridge-e2e-"));
      databases = await databasesFor(variant);
      demo = await startDemo({ repoRoot, dataDir, env: databases.env, ports: { old: 0, new: 0 } });
      browser = await launchChromium();
      page = await browser.context.newPage();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await demo?.close();
      await databases?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("sign up on old → logged in on new → new's admin keeps the shared login → log out on new logs out old", async () => {
      const oldUrl = demo.sites.old.url;
      const newUrl = demo.sites.new.url;
      // Each variant starts on empty databases, so a fixed address is free (and reads well in screenshots).
      const email = "ada@example.com";

      await page.goto(`${oldUrl}/`);
      expect(await status()).toMatch(/Not logged in/);
      await page.fill('form[action="/signup"] input[name="email"]', email);
      await page.fill('form[action="/signup"] input[name="name"]', "Ada Lovelace");
      await page.fill('form[action="/signup"] input[name="password"]', "correct horse battery");
      await shot("old-site-signup-form");
      await Promise.all([page.waitForURL(`${oldUrl}/`), page.click('form[action="/signup"] button')]);
      expect(await status()).toContain(`Logged in as Ada Lovelace <${email}>`);
      await shot("old-site-signed-up");

      // The old site's own page: a post in its own database, its author's name from the identity one.
      await page.goto(`${oldUrl}/posts`);
      await page.fill('form[action="/posts"] input[name="title"]', "Notes on the Analytical Engine");
      await Promise.all([page.waitForURL(`${oldUrl}/posts`), page.click('form[action="/posts"] button')]);
      expect(await page.locator("li[data-post]").first().textContent()).toContain("by Ada Lovelace");
      expect(await queries()).toEqual(
        expect.arrayContaining(["post.findMany own default", "user.findMany identity routed-model"]),
      );
      await shot("old-site-posts");

      await page.goto(`${newUrl}/`);
      expect(await status()).toContain(`Logged in as Ada Lovelace <${email}>`);
      await shot("new-site-logged-in");

      // The new site's own page: a project and a task in its own database, marked done.
      await page.goto(`${newUrl}/projects`);
      await page.fill('form[action="/projects"] input[name="name"]', "Bernoulli numbers");
      await Promise.all([
        page.waitForURL(`${newUrl}/projects`),
        page.click('form[action="/projects"] button'),
      ]);
      await page.fill('form[action="/projects/tasks"] input[name="title"]', "Write note G");
      await Promise.all([
        page.waitForURL(`${newUrl}/projects`),
        page.click('form[action="/projects/tasks"] button'),
      ]);
      expect(await page.locator("li[data-task]").textContent()).toContain("Ada Lovelace");
      await Promise.all([
        page.waitForURL(`${newUrl}/projects`),
        page.click('form[action="/projects/tasks/done"] button'),
      ]);
      expect(await page.locator("li[data-task] .done").textContent()).toBe("Write note G");
      expect(await queries()).toEqual(
        expect.arrayContaining(["project.findMany own default", "user.findMany identity routed-model"]),
      );
      await shot("new-site-projects");

      await page.goto(`${newUrl}/admin`);
      expect(await status()).toMatch(/Not logged in to this site's admin/);
      await page.fill('form[action="/admin/login"] input[name="email"]', ADMIN_LOGINS.new.email);
      await page.fill('form[action="/admin/login"] input[name="password"]', ADMIN_LOGINS.new.password);
      await Promise.all([
        page.waitForURL(`${newUrl}/admin`),
        page.click('form[action="/admin/login"] button'),
      ]);
      expect(await status()).toContain(
        `Admin of the new site: ${ADMIN_LOGINS.new.name} <${ADMIN_LOGINS.new.email}>`,
      );
      expect(await queries()).toEqual(
        expect.arrayContaining(["user.findMany own admin", "project.count own admin"]),
      );
      await shot("new-site-admin");

      await page.goto(`${newUrl}/`);
      expect(await status()).toContain(`Logged in as Ada Lovelace <${email}>`);
      await shot("new-site-shared-login-stays");

      await Promise.all([page.waitForURL(`${newUrl}/`), page.click('form[action="/logout"] button')]);
      expect(await status()).toMatch(/Not logged in/);
      await shot("new-site-logged-out");

      await page.goto(`${oldUrl}/`);
      expect(await status()).toMatch(/Not logged in/);
      await shot("old-site-logged-out");

      // The admin login is the new site's own session: logging out of the shared one left it alone.
      await page.goto(`${newUrl}/admin`);
      expect(await status()).toContain(`Admin of the new site`);
      await shot("new-site-admin-still-logged-in");
    }, 120_000);
  });
});
