// Issue 14: the hand-off routes as fetch handlers (Next.js route handlers, Hono), on real PostgreSQL:
// two sites that share no cookie, https://old.example (home) and https://new.example.
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createDb, type Db } from "@userbridge/db";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "../test/browser.js";
import { type Auth, createAuth } from "./auth.js";
import { scryptHasher } from "./password.js";
import type { SsoRoutes } from "./sso-routes.js";

const OLD = "https://old.example";
const NEW = "https://new.example";
let databases: TestDatabase[] = [];
let dbs: Db<AppClient>[] = [];
let home: Auth;
let other: Auth;
let homeRoutes: SsoRoutes;
let otherRoutes: SsoRoutes;

beforeAll(async () => {
  databases = await Promise.all([createTestDatabase("identity", "shared"), createTestDatabase("app", "app")]);
  const [identity, app] = databases as [TestDatabase, TestDatabase];
  const site = () =>
    createDb(
      {
        appClient: AppClient,
        sharedDatabaseUrl: identity.url,
        appDatabaseUrl: app.url,
        // The session cache's LISTEN: never through PgBouncer (USERBRIDGE_TEST_PGBOUNCER runs).
        sharedDirectUrl: identity.directUrl,
      },
      {},
    );
  dbs = [site(), site()];
  const common = {
    password: "fetch-handoff-password-of-32-chars!",
    env: {},
    hasher: scryptHasher({ log2N: 10, r: 8, p: 1 }),
  };
  home = createAuth({ db: dbs[0] as Db<AppClient>, ...common, trustedOrigins: [NEW] });
  other = createAuth({ db: dbs[1] as Db<AppClient>, ...common, homeUrl: OLD });
  homeRoutes = home.ssoRoutes();
  otherRoutes = other.ssoRoutes();
}, 60_000);

afterAll(async () => {
  await Promise.all(dbs.map((db) => db.$disconnect()));
  await Promise.all(databases.map((database) => database.drop()));
});

/** One person's browser: a cookie jar per host. */
function person() {
  return { old: new TestBrowser(OLD), new: new TestBrowser(NEW) };
}

async function follow(jar: TestBrowser, routes: SsoRoutes, url: string): Promise<Response> {
  const [request] = jar.request(url);
  const response = await routes.fetch(request);
  if (!response) throw new Error(`no route for ${url}`);
  jar.receive(response.headers);
  return response;
}

describe("ssoRoutes().fetch", () => {
  it("hands a login from the home site to the other, and a logout on the other ends both", async () => {
    const browser = person();
    const [signup, written] = browser.old.request("/signup");
    await home.users.signup(
      { email: "fetch@example.com", password: "correct horse battery" },
      signup,
      written,
    );
    browser.old.receive(written);

    const start = await follow(browser.new, otherRoutes, "/sso/start?next=%2Faccount");
    expect(start.status).toBe(303);
    const authorizeUrl = new URL(start.headers.get("location") ?? "");
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${OLD}/sso/authorize`);
    expect(authorizeUrl.searchParams.get("return_to")).toBe(`${NEW}/sso/callback`);
    expect(browser.new.setCookies.at(-1)).toMatch(/^userbridge_session_handoff=.*HttpOnly.*SameSite=Lax/i);

    const authorize = await follow(browser.old, homeRoutes, authorizeUrl.pathname + authorizeUrl.search);
    const callbackUrl = new URL(authorize.headers.get("location") ?? "");
    expect(callbackUrl.origin).toBe(NEW);
    expect(authorize.headers.get("referrer-policy")).toBe("no-referrer");

    const callback = await follow(browser.new, otherRoutes, callbackUrl.pathname + callbackUrl.search);
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe("/account");
    expect(await other.users.getUser(...browser.new.request("/me"))).toMatchObject({
      email: "fetch@example.com",
    });

    const [logout, cleared] = browser.new.request("/logout");
    await other.users.logout(logout, cleared);
    await expect
      .poll(() => home.users.getUser(...browser.old.request("/me")), { timeout: 1_000, interval: 5 })
      .toBeNull();
  });

  it("answers other paths with undefined, other methods with 405, and errors as JSON 4xx", async () => {
    const browser = person();
    expect(await otherRoutes.fetch(new Request(`${NEW}/sso/other`))).toBeUndefined();
    expect(await otherRoutes.fetch(new Request(`${NEW}/ssostart`))).toBeUndefined();
    const post = await otherRoutes.fetch(new Request(`${NEW}/sso/start`, { method: "POST" }));
    expect(post?.status).toBe(405);
    expect(post?.headers.get("allow")).toBe("GET, HEAD");
    const evil = await follow(browser.new, otherRoutes, "/sso/start?next=%2F%5Cevil.example");
    expect(evil.status).toBe(400);
    expect(evil.headers.get("location")).toBeNull();
    expect(await evil.json()).toMatchObject({ error: { code: "USERBRIDGE_INVALID_REDIRECT" } });
    const noHome = await follow(browser.old, homeRoutes, "/sso/start");
    expect(noHome.status).toBe(404);
    const anonymous = await follow(
      browser.old,
      homeRoutes,
      `/sso/authorize?${new URLSearchParams({ return_to: `${NEW}/sso/callback`, state: "s".repeat(43), challenge: "c".repeat(43) })}`,
    );
    expect(anonymous.status).toBe(303);
    const login = new URL(anonymous.headers.get("location") ?? "", OLD);
    expect(login.pathname).toBe("/");
    expect(login.searchParams.get("next")).toMatch(/^\/sso\/authorize\?return_to=/);
  });
});
