// Issue 11: two real projects. The old site keeps Post in its own database (schema app); the new site
// has Project and Task in its own (schema new) and no Post; both share users and sessions. Rows of one
// database name users of the other, and each page fetches those names with one query.
import { randomBytes } from "node:crypto";
import { tables } from "@userbridge/testing/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../test/browser.js";
import { panelLines } from "../../test/query-panel.js";
import { useSiteDatabases } from "../../test/site-databases.js";
import { createSiteAdmin } from "./admin-user.js";
import { type RunningSites, startSites } from "./sites.js";

const databases = useSiteDatabases();
let sites: RunningSites;
let OLD: string;
let NEW: string;
const PASSWORD = "correct horse battery";
const email = (label: string) => `${label}-${randomBytes(4).toString("hex")}@own-data.test`;

beforeAll(async () => {
  sites = await startSites({
    sharedDatabaseUrl: databases.shared.url,
    old: { appDatabaseUrl: databases.oldSite.url },
    new: { appDatabaseUrl: databases.newSite.url },
    hostname: "127.0.0.1",
    session: { password: "own-data-password-own-data-password", env: {}, logger: { warn() {} } },
    warn() {},
  });
  OLD = sites.old.url;
  NEW = sites.new.url;
}, 60_000);

afterAll(async () => {
  await sites?.close();
});

async function signedUp(name: string): Promise<{ browser: Browser; id: string }> {
  const browser = new Browser();
  const response = await browser.post(`${OLD}/signup`, { email: email(name), password: PASSWORD, name });
  expect(response.status).toBe(201);
  return { browser, id: ((await response.json()) as { user: { id: string } }).user.id };
}

async function created<T>(response: Response, status = 201): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

describe("each site's own tables", () => {
  it("Post is only in the old site's database; Project and Task only in the new site's", async () => {
    const [identity, oldSite, newSite] = await Promise.all(
      [databases.shared, databases.oldSite, databases.newSite].map((database) => tables(database.url)),
    );
    expect(oldSite).toContain("Post");
    expect(oldSite).not.toContain("Project");
    expect(oldSite).not.toContain("Task");
    expect(newSite).toEqual(expect.arrayContaining(["Project", "Task"]));
    expect(newSite).not.toContain("Post");
    for (const table of ["Post", "Project", "Task"]) expect(identity).not.toContain(table);
    // Both keep their own admin users and sessions; the identity database has the shared ones.
    for (const own of [oldSite, newSite]) expect(own).toEqual(expect.arrayContaining(["User", "Session"]));
  });

  it("a post is written to the old site's database, a project and its task to the new site's", async () => {
    const { browser, id } = await signedUp("writer");
    const { post } = await created<{ post: { id: string; authorId: string } }>(
      await browser.post(`${OLD}/posts`, { title: "Hello from the old site", body: "first" }),
    );
    expect(post.authorId).toBe(id);
    const { project } = await created<{ project: { id: string } }>(
      await browser.post(`${NEW}/projects`, { name: "New things" }),
    );
    const { task } = await created<{ task: { id: string; ownerId: string; done: boolean } }>(
      await browser.post(`${NEW}/projects/tasks`, { projectId: project.id, title: "Ship it" }),
    );
    expect(task).toMatchObject({ ownerId: id, done: false });

    expect(await sites.old.db.post.findUnique({ where: { id: post.id } })).toMatchObject({ authorId: id });
    expect(await sites.new.db.project.findUnique({ where: { id: project.id } })).toMatchObject({
      ownerId: id,
    });
    expect(await sites.new.db.task.findUnique({ where: { id: task.id } })).toMatchObject({
      projectId: project.id,
    });
  });
});

describe("the old site's posts page", () => {
  it("lists posts with their authors' names from the identity database, in one query", async () => {
    const ada = await signedUp("Ada");
    const grace = await signedUp("Grace");
    await created(await ada.browser.post(`${OLD}/posts`, { title: "Notes on the engine" }));
    await created(await grace.browser.post(`${OLD}/posts`, { title: "Compilers" }));
    const page = await new Browser().get(`${OLD}/posts`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(
      /Compilers<\/strong> <span class="muted">by<\/span> <span class="author">Grace &lt;/,
    );
    expect(html).toMatch(
      /Notes on the engine<\/strong> <span class="muted">by<\/span> <span class="author">Ada &lt;/,
    );
    // Two authors, one lookup (never one per post).
    expect(panelLines(html).filter((line) => line.startsWith("user."))).toEqual([
      "user.findMany identity routed-model",
    ]);
  });

  it("refuses a post from a visitor who is not logged in (401) and an empty title (400)", async () => {
    const anonymous = await new Browser().post(`${OLD}/posts`, { title: "x" });
    expect(anonymous.status).toBe(401);
    const form = await new Browser().post(`${OLD}/posts`, { title: "x" }, { form: true });
    expect(form.status).toBe(401);
    expect(await form.text()).toContain("log in first");
    const { browser } = await signedUp("empty");
    const empty = await browser.post(`${OLD}/posts`, { title: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      error: { code: "USERBRIDGE_INVALID_INPUT", fieldErrors: { title: ["is required"] } },
    });
  });

  it("the new site has no posts page", async () => {
    expect((await new Browser().get(`${NEW}/posts`)).status).toBe(404);
    expect((await new Browser().get(`${OLD}/projects`)).status).toBe(404);
  });
});

describe("the new site's projects page", () => {
  it("lists the user's own projects and tasks with their owners; marking a task done sticks", async () => {
    const { browser } = await signedUp("Lin");
    const other = await signedUp("Other");
    const { project } = await created<{ project: { id: string } }>(
      await browser.post(`${NEW}/projects`, { name: "Lin's project" }, { form: false }),
    );
    await created(await other.browser.post(`${NEW}/projects`, { name: "Someone else's" }));
    const { task } = await created<{ task: { id: string } }>(
      await browser.post(`${NEW}/projects/tasks`, { projectId: project.id, title: "First task" }),
    );
    const done = await browser.post(`${NEW}/projects/tasks/done`, { taskId: task.id }, { form: true });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/projects");

    const html = await (await browser.get(`${NEW}/projects`)).text();
    expect(html).toContain("Lin&#39;s project");
    expect(html).not.toContain("Someone else");
    expect(html).toMatch(
      /<span class="done">First task<\/span> <span class="muted">·<\/span> <span class="owner">Lin &lt;/,
    );
    expect(await sites.new.db.task.findUnique({ where: { id: task.id } })).toMatchObject({ done: true });
    expect(panelLines(html)).toEqual(
      expect.arrayContaining(["project.findMany own default", "user.findMany identity routed-model"]),
    );
  });

  it("another user's project or task is a 404, and nothing changes", async () => {
    const owner = await signedUp("owner");
    const intruder = await signedUp("intruder");
    const { project } = await created<{ project: { id: string } }>(
      await owner.browser.post(`${NEW}/projects`, { name: "Private" }),
    );
    const { task } = await created<{ task: { id: string } }>(
      await owner.browser.post(`${NEW}/projects/tasks`, { projectId: project.id, title: "Mine" }),
    );
    const add = await intruder.browser.post(`${NEW}/projects/tasks`, {
      projectId: project.id,
      title: "Theirs",
    });
    expect(add.status).toBe(404);
    const mark = await intruder.browser.post(`${NEW}/projects/tasks/done`, { taskId: task.id });
    expect(mark.status).toBe(404);
    expect(await sites.new.db.task.count({ where: { projectId: project.id } })).toBe(1);
    expect(await sites.new.db.task.findUnique({ where: { id: task.id } })).toMatchObject({ done: false });
  });

  it("asks a visitor who is not logged in to log in, and refuses their writes", async () => {
    const page = await new Browser().get(`${NEW}/projects`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("to see your projects");
    expect((await new Browser().post(`${NEW}/projects`, { name: "x" })).status).toBe(401);
  });
});

describe("each site's admin sees its own data", () => {
  it("the new site's admin page counts its projects and lists its own admins, never the shared users", async () => {
    const admin = { email: email("root"), password: "admin-password" };
    await createSiteAdmin("new", databases.newSite.url, admin);
    const shared = email("shared-user");
    expect((await new Browser().post(`${OLD}/signup`, { email: shared, password: PASSWORD })).status).toBe(
      201,
    );
    const browser = new Browser();
    expect((await browser.post(`${NEW}/admin/login`, admin)).status).toBe(200);
    const html = await (await browser.get(`${NEW}/admin`)).text();
    const [projects, tasks] = await Promise.all([sites.new.db.project.count(), sites.new.db.task.count()]);
    expect(html).toContain(`<li>${projects} projects</li>`);
    expect(html).toContain(`<li>${tasks} tasks</li>`);
    expect(html).toContain(`<li>${admin.email}</li>`);
    expect(html).not.toContain(shared);
  });
});
