// The built Next.js example (`next start`) on real PostgreSQL: withRouting route handlers, a server
// component, server actions and the admin section, over HTTP; one routing store shared by the router
// copies Next's build contains; hostile path spellings against the dynamic and catch-all handlers
// (issue #9, defect 9); errors by status, malformed JSON and start-up configuration (defect 10).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PrismaClient } from "@userbridge/clients/app";
import { createDb, type Db } from "@userbridge/db";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { runCommand } from "@userbridge/testing/run-command";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreezableProxy, freezableProxy } from "../../db/test/freezable-proxy.ts";
import {
  appDir,
  buildMissing,
  CookieClient,
  type NextServer,
  nextStartExit,
  rawRequest,
  startNext,
} from "./next-server.ts";

const missing = buildMissing();
// `pnpm test` builds first; a missing build in CI is a failure, elsewhere a skip that says why.
if (missing && process.env.CI) throw new Error(`userbridge: ${missing}`);
if (missing) console.warn(`userbridge: skipped the Next.js example tests: ${missing}`);

const USER = { email: "ada@example.com", password: "ada-password-1", name: "Ada" };
const ADMIN = { email: "root@site.example", password: "root-password-1", name: "Site Root" };
const SESSION_PASSWORD = "a-session-password-of-at-least-32-characters";
const repoRoot = join(appDir, "..", "..");

// Rows whose ids are what a hostile path's parameter decodes to (`/api/users/%2561` -> "%61"): a site
// handler that ran in the admin's context would find the site's admin row and answer with it.
const SHADOW = [
  { id: "%61", email: "shadow-61@site.example", name: "Shadow admin %61" },
  { id: "a", email: "shadow-a@site.example", name: "Shadow admin a" },
];
const SHARED_A = { id: "a", email: "shared-a@example.com", name: "Shared user a" };

/** The README's command for the example's logins: scripts/create-user.ts through tsx. */
function createUser(env: Record<string, string>, ...args: string[]) {
  return runCommand(
    join(repoRoot, "node_modules", ".bin", "tsx"),
    ["--conditions=@userbridge/source", "packages/example-next/scripts/create-user.ts", ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, timeoutMs: 60_000 },
  );
}

describe.skipIf(missing)("Next.js example (next start) on PostgreSQL", () => {
  let shared: TestDatabase;
  let app: TestDatabase;
  let db: Db;
  let server: NextServer;
  // The server reaches the identity database through it, so a test can make that database go silent.
  let identity: FreezableProxy;
  const ids = { user: "", admin: "" };

  beforeAll(async () => {
    shared = await createTestDatabase("identity", "shared");
    app = await createTestDatabase("app", "app");
    db = createDb({ appClient: PrismaClient, sharedDatabaseUrl: shared.url, appDatabaseUrl: app.url });
    const urls = { SHARED_DATABASE_URL: shared.url, APP_DATABASE_URL: app.url };
    const created = await Promise.all([
      createUser(urls, "user", USER.email, USER.password, USER.name),
      createUser(urls, "admin", ADMIN.email, ADMIN.password, ADMIN.name),
    ]);
    for (const result of created) expect(result.code, result.output).toBe(0);
    ids.user = (await db.$using("shared").user.findUniqueOrThrow({ where: { email: USER.email } })).id;
    ids.admin = (await db.$using("app").user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
    await db.$using("app").user.createMany({ data: SHADOW });
    await db.$using("shared").user.create({ data: SHARED_A });
    identity = await freezableProxy(shared.url);
    server = await startNext({ ...urls, SHARED_DATABASE_URL: identity.url, SESSION_PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await identity?.close();
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

  it("plain paths: a site route handler reads the shared identity database, an admin one the site's own", async () => {
    const profile = async (path: string) => {
      const response = await rawRequest(server.url, "GET", path, { headers: admin.cookieHeader() });
      return { status: response.status, body: JSON.parse(response.body) as unknown };
    };
    const admin = new CookieClient(server.url);
    expect(await profile(`/api/users/${ids.user}`)).toEqual({
      status: 200,
      body: { user: { id: ids.user, name: USER.name } },
    });
    expect((await profile(`/api/users/${ids.admin}`)).status).toBe(404);
    expect(await profile("/api/users/a")).toMatchObject({ body: { user: { name: SHARED_A.name } } });

    expect((await profile(`/admin/api/users/${ids.admin}`)).status).toBe(401);
    const login = await admin.postJson("/admin/api/login", { email: ADMIN.email, password: ADMIN.password });
    expect(login.status).toBe(200);
    expect(await profile(`/admin/api/users/${ids.admin}`)).toEqual({
      status: 200,
      body: { user: { id: ids.admin, name: ADMIN.name } },
    });
    expect((await profile(`/admin/api/users/${ids.user}`)).status).toBe(404);
    expect(await profile("/admin/api/users/a")).toMatchObject({ body: { user: { name: "Shadow admin a" } } });
  });

  it("signs up and logs in through the catch-all: the account is in the shared database only", async () => {
    const client = new CookieClient(server.url);
    const appUsers = await db.$using("app").user.count();
    const grace = { email: "grace@example.com", password: "grace-password-1", name: "Grace" };
    const signup = await client.postJson("/api/auth/signup", grace);
    expect(signup.status).toBe(201);
    expect(await signup.json()).toMatchObject({ user: { email: grace.email } });
    expect(await db.$using("shared").user.count({ where: { email: grace.email } })).toBe(1);
    expect(await db.$using("app").user.count()).toBe(appUsers);
    expect((await client.postJson("/api/auth/login", grace)).status).toBe(200);
    expect((await client.postJson("/api/auth/logout", {})).status).toBe(404);
    expect((await client.postJson("/admin/api/login", grace)).status).toBe(401);
  });

  // What a user observes for each spelling, sent byte for byte (fetch() would rewrite most of them).
  // Next resolves dot segments itself before it picks a file and hands the handler the resolved URL:
  // then the one reading is the file's side ("site": the site handler read the shared database;
  // "admin": the admin handler read the site's own). A spelling Next serves as written reaches the
  // handler's own check ("refused": withRouting's 400); others never match a file ("next-404") or
  // get Next's redirect ("next-308"). A site handler run in the admin's context would answer with a
  // "Shadow admin" row; an admin handler run in the site's context with the shared user.
  type Outcome = "refused" | "site" | "admin" | "next-404" | "next-308";
  const PROFILE_SPELLINGS: ReadonlyArray<readonly [path: string, outcome: Outcome]> = [
    ["/api/users/%2561", "refused"],
    ["/api/users/%252561", "refused"],
    ["/api/users/a%00", "refused"],
    ["/api/users/a%5c..", "refused"],
    ["/api/users/%61", "site"],
    ["/api/users/./a", "site"],
    ["/api/users/x/../a", "site"],
    ["/api/users/%2e%2e/users/a", "site"],
    ["/admin/../api/users/a", "site"],
    ["/admin/%2e%2e/api/users/a", "site"],
    ["/admin/%2E%2E/api/users/a", "site"],
    ["/admin/x/../../api/users/a", "site"],
    ["/./admin/../api/users/a", "site"],
    ["/ADMIN/../api/users/a", "site"],
    ["/%61dmin/../api/users/a", "site"],
    ["/admin./../api/users/a", "site"],
    ["/api/../admin/api/users/a", "admin"],
    ["/api/%2e%2e/admin/api/users/a", "admin"],
    ["//admin/../api/users/a", "next-308"],
    ["/admin/..;/api/users/a", "next-404"],
    ["/admin%2f..%2fapi/users/a", "next-404"],
    ["/ADMIN/api/users/a", "next-404"],
    ["/Admin/api/users/a", "next-404"],
    ["/admin./api/users/a", "next-404"],
    ["/%61dmin/api/users/a", "next-404"],
    ["/%2561dmin/api/users/a", "next-404"],
    ["/admin%20/api/users/a", "next-404"],
    ["/%EF%BC%A1dmin/api/users/a", "next-404"],
  ];

  function outcomeOf(status: number, body: string): Outcome | string {
    if (status === 400 && body.includes('"USERBRIDGE_REFUSED_PATH"')) return "refused";
    if (status === 200 && body.includes(`"${SHARED_A.name}"`)) return "site";
    if (status === 200 && body.includes('"Shadow admin a"')) return "admin";
    if (status === 404 && body.startsWith("<!DOCTYPE html>")) return "next-404";
    if (status === 308) return "next-308";
    return `${status} ${body.slice(0, 120)}`;
  }

  it("no spelling of a profile path reads the admin's users from the site handler, or the reverse", async () => {
    // Logged in as the site's admin: an admin handler that ran would answer, so its side shows.
    const admin = new CookieClient(server.url);
    const login = await admin.postJson("/admin/api/login", { email: ADMIN.email, password: ADMIN.password });
    expect(login.status).toBe(200);
    const seen: Record<string, Outcome | string> = {};
    for (const [path] of PROFILE_SPELLINGS) {
      const { status, body } = await rawRequest(server.url, "GET", path, { headers: admin.cookieHeader() });
      seen[path] = outcomeOf(status, body);
    }
    expect(seen).toEqual(Object.fromEntries(PROFILE_SPELLINGS));
  });

  type SignupOutcome = "refused" | "shared" | "next-404" | "next-308";
  const SIGNUP_SPELLINGS: ReadonlyArray<readonly [path: string, outcome: SignupOutcome]> = [
    ["/api/auth/signup/%2561", "refused"],
    ["/api/auth/signup/%252e%252e", "refused"],
    ["/api/auth/signup/..;", "refused"],
    ["/api/auth/signup/%2e%2e%2f%2e%2e%2fadmin", "refused"],
    ["/admin/../api/auth/signup", "shared"],
    ["/admin/%2e%2e/api/auth/signup", "shared"],
    ["/ADMIN/../api/auth/signup", "shared"],
    ["/%61dmin/../api/auth/signup", "shared"],
    ["/admin./../api/auth/signup", "shared"],
    ["/api/auth/signup/..", "next-308"],
    ["/api/auth/signup/%2e%2e", "next-308"],
    ["//admin/../api/auth/signup", "next-308"],
    ["/admin/..;/api/auth/signup", "next-404"],
    ["/admin%5c..%5capi/auth/signup", "next-404"],
  ];

  it("no spelling of the catch-all's signup creates a site-admin account", async () => {
    const before = await db.$using("app").user.findMany({ orderBy: { id: "asc" } });
    const seen: Record<string, SignupOutcome | string> = {};
    const accounts: { email: string; password: string }[] = [];
    for (const [index, [path]] of SIGNUP_SPELLINGS.entries()) {
      const account = { email: `mallory${index}@example.com`, password: "mallory-password-1" };
      accounts.push(account);
      const { status, body } = await rawRequest(server.url, "POST", path, {
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify(account),
      });
      const shared = await db.$using("shared").user.count({ where: { email: account.email } });
      seen[path] = status === 201 && shared === 1 ? "shared" : outcomeOf(status, body);
    }
    expect(seen).toEqual(Object.fromEntries(SIGNUP_SPELLINGS));
    // The site's own User table (its admins) is untouched; the accounts that were created are shared
    // users, and do not log into /admin.
    expect(await db.$using("app").user.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    const admin = new CookieClient(server.url);
    for (const account of accounts.filter((_, index) => SIGNUP_SPELLINGS[index]?.[1] === "shared")) {
      expect((await admin.postJson("/admin/api/login", account)).status, account.email).toBe(401);
    }
  });

  it("serves the cross-domain hand-off: an untrusted return_to is a 400 and never a redirect", async () => {
    const client = new CookieClient(server.url);
    const evil = encodeURIComponent("https://evil.example/sso/callback");
    const refused = await client.fetch(`/sso/authorize?return_to=${evil}&state=s&challenge=c`);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("location")).toBeNull();
    expect((await client.fetch("/sso/nothing")).status).toBe(404);
  });

  it("unparseable JSON is a 400 that says so, on every JSON route", async () => {
    const client = new CookieClient(server.url);
    for (const path of ["/api/login", "/api/auth/login", "/api/auth/signup", "/admin/api/login"]) {
      const response = await client.fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: '{"email": "ada@example.com", "password": ',
      });
      expect(response.status, path).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code, path).toBe("USERBRIDGE_INVALID_INPUT");
      expect(error.message, path).toContain("malformed JSON body");
      expect(error.message, path).not.toContain("is required");
    }
  });

  it("an identity database that goes silent is a 503 with a JSON body; the admin keeps working; then it recovers", async () => {
    const client = new CookieClient(server.url);
    const admin = new CookieClient(server.url);
    identity.freeze();
    try {
      const started = performance.now();
      const [login, signup, profile, me, adminLogin] = await Promise.all([
        client.postJson("/api/login", { email: USER.email, password: USER.password }),
        client.postJson("/api/auth/signup", { email: "outage@example.com", password: "outage-password-1" }),
        client.fetch(`/api/users/${ids.user}`),
        client.fetch("/api/me", { headers: { cookie: "userbridge_session=not-a-seal" } }),
        admin.postJson("/admin/api/login", { email: ADMIN.email, password: ADMIN.password }),
      ]);
      const seconds = (performance.now() - started) / 1000;
      console.info(`identity frozen: 503 after ${seconds.toFixed(1)} s`);
      for (const response of [login, signup, profile]) {
        expect(response.status, response.url).toBe(503);
        expect(await response.json(), response.url).toEqual({
          error: {
            code: "USERBRIDGE_DATABASE_UNAVAILABLE",
            message: expect.stringContaining("shared database is unavailable"),
            database: "shared",
          },
        });
      }
      // A cookie that does not unseal is anonymous without asking the database.
      expect(me.status).toBe(401);
      expect(adminLogin.status).toBe(200);
      expect(seconds).toBeLessThan(15);
    } finally {
      identity.thaw();
    }
    expect((await client.postJson("/api/login", { email: USER.email, password: USER.password })).status).toBe(
      200,
    );
    expect((await client.fetch(`/api/users/${ids.user}`)).status).toBe(200);
  });
});

describe.skipIf(missing)("Next.js example: configuration is checked at start-up", () => {
  it("a bad configuration stops `next start` with one message naming every bad variable", async () => {
    const secret = "too-short-secret";
    const { code, output, ms } = await nextStartExit({
      SHARED_DATABASE_URL: "mysql://db.example/identity",
      APP_DATABASE_URL: undefined,
      SESSION_PASSWORD: secret,
      SESSION_TTL: "0",
    });
    expect(code, output).not.toBe(0);
    expect(code, output).not.toBeNull();
    expect(output.match(/invalid configuration of the Next\.js example/g), output).toHaveLength(1);
    for (const variable of ["SHARED_DATABASE_URL", "APP_DATABASE_URL", "SESSION_PASSWORD", "SESSION_TTL"]) {
      expect(output, variable).toContain(variable);
    }
    expect(output).not.toContain(secret);
    expect(ms).toBeLessThan(30_000);
  });

  it("the create-user script names what is wrong instead of a stack", async () => {
    const result = await createUser(
      { SHARED_DATABASE_URL: "", APP_DATABASE_URL: "" },
      "admin",
      "x@example.com",
      "password-1",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("SHARED_DATABASE_URL");
    expect(result.stderr).not.toContain("    at ");
  });
});
