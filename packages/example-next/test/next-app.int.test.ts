// The built Next.js example (`next start`) on real PostgreSQL: a withRouting route handler, a server
// component, server actions and the admin section, over HTTP; and one routing store shared by the
// router copies Next's build contains.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createDb, type Db } from "@userbridge/db";
import { createPasswordUser } from "@userbridge/session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/databases.ts";
import { appDir, buildMissing, CookieClient, type NextServer, startNext } from "./next-server.ts";

const missing = buildMissing();
// `pnpm test` builds first; a missing build in CI is a failure, elsewhere a skip that says why.
if (missing && process.env.CI) throw new Error(`userbridge: ${missing}`);
if (missing) console.warn(`userbridge: skipped the Next.js example tests: ${missing}`);

const USER = { email: "ada@example.com", password: "ada-password-1", name: "Ada" };
const ADMIN = { email: "root@site.example", password: "root-password-1", name: "Site Root" };

describe.skipIf(missing)("Next.js example (next start) on PostgreSQL", () => {
  let shared: TestDatabase;
  let app: TestDatabase;
  let db: Db;
  let server: NextServer;

  beforeAll(async () => {
    shared = await createTestDatabase("identity", "shared");
    app = await createTestDatabase("app", "app");
    db = createDb({ sharedDatabaseUrl: shared.url, appDatabaseUrl: app.url });
    await createPasswordUser(db.$using("shared"), USER, { database: "shared" });
    await createPasswordUser(db.$using("app"), ADMIN);
    server = await startNext({
      SHARED_DATABASE_URL: shared.url,
      APP_DATABASE_URL: app.url,
      SESSION_PASSWORD: "a-session-password-of-at-least-32-characters",
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await Promise.all([shared?.drop(), app?.drop()]);
  });

  it("route handlers run in the request's routing context, seen by a second (unbundled) router copy", async () => {
    const client = new CookieClient(server.url);
    const site = await (await client.fetch("/api/routing")).json();
    expect(site).toEqual({
      bundled: { admin: false },
      unbundled: { admin: false },
      twoCopies: true,
      userTableIn: "shared",
    });
    const admin = await (await client.fetch("/admin/api/routing")).json();
    expect(admin).toEqual({
      bundled: { admin: true },
      unbundled: { admin: true },
      twoCopies: true,
      userTableIn: "app",
    });
  });

  it("the build holds more than one copy of the router, all keyed on the same Symbol.for global", () => {
    const chunks = join(appDir, ".next", "server", "chunks");
    const files = readdirSync(chunks, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".js"),
    );
    const copies = files.filter((file) =>
      readFileSync(join(chunks, file), "utf8").includes("userbridge.router.routingContext"),
    );
    expect(copies.length).toBeGreaterThanOrEqual(2);
  });

  it("logs in through a route handler; the server component shows the user; a server action logs out", async () => {
    const client = new CookieClient(server.url);
    expect((await client.fetch("/api/me")).status).toBe(401);

    const login = await client.postJson("/api/login", { email: USER.email, password: USER.password });
    expect(login.status).toBe(200);
    expect(await client.fetch("/api/me").then((response) => response.json())).toEqual({
      user: { id: expect.any(String), email: USER.email, name: USER.name },
    });
    const page = await (await client.fetch("/")).text();
    expect(page).toContain(`Logged in as <strong>${USER.name} &lt;${USER.email}&gt;</strong>`);

    const before = await db.$using("shared").session.count();
    const logout = await client.submitAction("/", "Log out");
    expect(logout.status).toBe(303);
    expect(client.has("userbridge_session")).toBe(false);
    expect(await db.$using("shared").session.count()).toBe(before - 1);
    expect((await client.fetch("/api/me")).status).toBe(401);
    expect(await (await client.fetch("/")).text()).toContain("Not logged in.");
  });

  it("logs in with a server action form", async () => {
    const client = new CookieClient(server.url);
    const response = await client.submitAction("/", "Log in", { email: USER.email, password: USER.password });
    expect(response.status).toBe(303);
    expect((await client.fetch("/api/me")).status).toBe(200);
  });

  it("answers a wrong password with 401 / the login error, whichever bundled copy created the Auth object", async () => {
    const client = new CookieClient(server.url);
    await client.fetch("/"); // a page first: its chunk may create the process-wide Auth object
    const wrong = { email: USER.email, password: "not-the-password" };
    const json = await client.postJson("/api/login", wrong);
    expect(json.status).toBe(401);
    expect(await json.json()).toMatchObject({ error: { code: "USERBRIDGE_INVALID_CREDENTIALS" } });
    const form = await client.submitAction("/", "Log in", wrong);
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toContain("error=login");
    const unknown = await client.postJson("/api/login", {
      email: "nobody@example.com",
      password: "whatever-1",
    });
    expect(unknown.status).toBe(401);
  });

  it("the admin section reads the site's own tables; shared users cannot log in there", async () => {
    const client = new CookieClient(server.url);
    const shared = await client.postJson("/admin/api/login", { email: USER.email, password: USER.password });
    expect(shared.status).toBe(401);

    const anonymous = await (await client.fetch("/admin")).text();
    expect(anonymous).toContain("Not logged in to this site");

    const login = await client.submitAction("/admin", "Log in to admin", {
      email: ADMIN.email,
      password: ADMIN.password,
    });
    expect(login.status).toBe(303);
    const page = await (await client.fetch("/admin")).text();
    expect(page).toContain(`Admin: <strong>${ADMIN.email}</strong>`);
    expect(page).toContain("database: app · admin sessions: 1 · posts: 0");
    expect(page).toContain(`${ADMIN.name} &lt;${ADMIN.email}&gt;`);
    expect(page).not.toContain(USER.email);
    // The admin login wrote to the site's own sessions, not the shared ones.
    expect(await db.$using("app").session.count()).toBe(1);

    const logout = await client.submitAction("/admin", "Log out of admin");
    expect(logout.status).toBe(303);
    expect(await db.$using("app").session.count()).toBe(0);
  });
});
