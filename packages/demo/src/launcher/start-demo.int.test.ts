// startDemo (what `pnpm demo` runs): embedded databases in a temporary data directory, both sites, the
// seeded logins; data, logins and the generated session password survive a restart; servers named in
// the environment are used instead of embedded ones.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { tables } from "@userbridge/testing/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../test/browser.js";
import { ADMIN_LOGINS, DEMO_LOGIN } from "./seed.js";
import { startDemo } from "./start-demo.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const ports = { old: 0, new: 0 };

async function loggedInAs(browser: Browser, siteUrl: string): Promise<string | null> {
  const response = await browser.get(`${siteUrl}/me`);
  return response.status === 200 ? ((await response.json()) as { user: { email: string } }).user.email : null;
}

describe("startDemo on embedded databases", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "userbridge-demo-"));
    await chmod(dataDir, 0o755); // as root, the server runs as `postgres`
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("serves the story, refuses a second owner of the data, and keeps everything across a restart", async () => {
    const browser = new Browser();
    const first = await startDemo({ repoRoot, dataDir, env: {}, ports });
    try {
      expect(first.databases.embedded).toEqual(["identity", "old", "new"]);
      expect(first.created).toHaveLength(3);
      const { old: oldSite, new: newSite } = first.sites;

      expect(await loggedInAs(browser, newSite.url)).toBeNull();
      const login = await browser.post(`${oldSite.url}/login`, {
        email: DEMO_LOGIN.email,
        password: DEMO_LOGIN.password,
      });
      expect(login.status).toBe(200);
      expect(await loggedInAs(browser, newSite.url)).toBe(DEMO_LOGIN.email);

      const admin = await browser.post(`${newSite.url}/admin/login`, {
        email: ADMIN_LOGINS.new.email,
        password: ADMIN_LOGINS.new.password,
      });
      expect(admin.status).toBe(200);
      // The old site's admin is not the new site's.
      const wrongSite = await new Browser().post(`${newSite.url}/admin/login`, {
        email: ADMIN_LOGINS.old.email,
        password: ADMIN_LOGINS.old.password,
      });
      expect(wrongSite.status).toBe(401);

      await expect(startDemo({ repoRoot, dataDir, env: {}, ports })).rejects.toThrow(/another `pnpm demo`/);
    } finally {
      await first.close();
    }

    const second = await startDemo({ repoRoot, dataDir, env: {}, ports });
    try {
      expect(second.created).toEqual([]);
      // Same session password and the same Session row: the cookie from before the restart still works.
      expect(await loggedInAs(browser, second.sites.old.url)).toBe(DEMO_LOGIN.email);
    } finally {
      await second.close();
    }
  }, 180_000);

  it("starts fresh with reset", async () => {
    const demo = await startDemo({ repoRoot, dataDir, env: {}, ports, reset: true });
    try {
      expect(demo.created).toHaveLength(3);
    } finally {
      await demo.close();
    }
  }, 120_000);
});

describe("startDemo on servers named in the environment", () => {
  const databases: TestDatabase[] = [];
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "userbridge-demo-env-"));
    databases.push(
      await createTestDatabase("identity", "empty"),
      await createTestDatabase("app", "empty"),
      await createTestDatabase("app", "empty"),
    );
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates and uses them, embedding nothing and planting no known-password login", async () => {
    const [identity, oldApp, newApp] = databases as [TestDatabase, TestDatabase, TestDatabase];
    const env = {
      SHARED_DATABASE_URL: identity.url,
      APP_DATABASE_URL: oldApp.url,
      NEW_DATABASE_URL: newApp.url,
      SESSION_PASSWORD: "a-session-password-of-at-least-32-characters",
    };
    const demo = await startDemo({ repoRoot, dataDir, env, ports });
    try {
      expect(demo.databases.embedded).toEqual([]);
      expect(demo.databases.urls).toEqual({ identity: identity.url, old: oldApp.url, new: newApp.url });
      expect(demo.created).toEqual([]);
      // Each database got its own schema: Post only in the old site's, Project and Task only in the new's.
      const [identityTables, oldTables, newTables] = await Promise.all([
        tables(identity.url),
        tables(oldApp.url),
        tables(newApp.url),
      ]);
      expect(oldTables).toContain("Post");
      expect(newTables).toEqual(expect.arrayContaining(["Project", "Task"]));
      expect(newTables).not.toContain("Post");
      expect(oldTables).not.toContain("Project");
      expect(identityTables.filter((table) => ["Post", "Project", "Task"].includes(table))).toEqual([]);
      expect(await demo.sites.old.db.$using("shared").user.count()).toBe(0);
      expect(await demo.sites.old.db.$using("app").user.count()).toBe(0);
      expect(await demo.sites.new.db.$using("app").user.count()).toBe(0);

      const browser = new Browser();
      const signup = await browser.post(`${demo.sites.new.url}/signup`, {
        email: "grace@example.com",
        password: "grace-password-1",
      });
      expect(signup.status).toBe(201);
      expect(await loggedInAs(browser, demo.sites.old.url)).toBe("grace@example.com");
    } finally {
      await demo.close();
    }
  });
});
