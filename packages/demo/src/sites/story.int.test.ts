// The seed's story, over HTTP against both running demo sites on real PostgreSQL: one identity
// database shared by "old" and "new", and each site's own database for its admin.
import { randomBytes } from "node:crypto";
import { skipUnlessServerControl, startServer, stopServer } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Browser } from "../../test/browser.js";
import { type SiteDatabases, useSiteDatabases } from "../../test/site-databases.js";
import { createSiteAdmin } from "./admin-user.js";
import { type RunningSite, startSite } from "./site.js";
import { type RunningSites, type SitesConfig, startSites } from "./sites.js";

const PASSWORD = "story-password-story-password-0001";
const NEXT_PASSWORD = "story-password-story-password-0002";

const databases: SiteDatabases = useSiteDatabases();
let sites: RunningSites;
let OLD: string;
let NEW: string;
const extraSites: RunningSite[] = [];
const warn = vi.fn();

function siteConfig(): SitesConfig {
  return {
    sharedDatabaseUrl: databases.shared.url,
    sharedDirectUrl: databases.shared.directUrl,
    old: { appDatabaseUrl: databases.oldSite.url },
    new: { appDatabaseUrl: databases.newSite.url },
    hostname: "127.0.0.1",
    session: { password: PASSWORD, env: {}, logger: { warn } },
    pool: { max: 5, connectionTimeoutMillis: 2_000 },
  };
}

/** Another deployment of the new site on the same databases, e.g. with other session passwords. */
async function extraSite(label: string, password: string | Record<string, string>): Promise<RunningSite> {
  const site = await startSite({
    site: "new",
    label,
    sharedDatabaseUrl: databases.shared.url,
    sharedDirectUrl: databases.shared.directUrl,
    appDatabaseUrl: databases.newSite.url,
    hostname: "127.0.0.1",
    session: { password, env: {}, logger: { warn: vi.fn() } },
  });
  extraSites.push(site);
  return site;
}

const email = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;

async function signedUp(
  label: string,
  on = OLD,
): Promise<{ browser: Browser; user: { id: string; email: string } }> {
  const browser = new Browser();
  const credentials = { email: email(label), password: "correct horse battery", name: label };
  const response = await browser.post(`${on}/signup`, credentials);
  expect(response.status).toBe(201);
  const { user } = (await response.json()) as { user: { id: string; email: string } };
  return { browser, user };
}

async function meStatus(browser: Browser, site: string): Promise<number> {
  return (await browser.get(`${site}/me`)).status;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

beforeAll(async () => {
  sites = await startSites(siteConfig());
  OLD = sites.old.url;
  NEW = sites.new.url;
});

afterAll(async () => {
  await Promise.all([sites?.close(), ...extraSites.map((site) => site.close())]);
});

describe("shared login", () => {
  it("signup and login on old: /me on new is the same user", async () => {
    const { browser, user } = await signedUp("ada");
    const onNew = await browser.get(`${NEW}/me`);
    expect(onNew.status).toBe(200);
    expect(await onNew.json()).toEqual({ user: { id: user.id, email: user.email, name: "ada" } });

    const before = browser.cookie("userbridge_session");
    const login = await browser.post(`${OLD}/login`, {
      email: user.email,
      password: "correct horse battery",
    });
    expect(login.status).toBe(200);
    expect(browser.cookie("userbridge_session")).not.toBe(before);
    expect(((await (await browser.get(`${NEW}/me`)).json()) as { user: { id: string } }).user.id).toBe(
      user.id,
    );
  });

  it("works with HTML forms: 303 to the page, which names the user", async () => {
    const browser = new Browser();
    const address = email("form");
    const signup = await browser.post(
      `${OLD}/signup`,
      { email: address, password: "form-password", name: "" },
      { form: true },
    );
    expect(signup.status).toBe(303);
    expect(signup.headers.get("location")).toBe("/");
    const page = await browser.get(`${NEW}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain(address);
    const wrong = await browser.post(
      `${OLD}/login`,
      { email: address, password: "nope-nope" },
      { form: true },
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("invalid email or password");
  });

  it("the shared cookie is HttpOnly, SameSite=Lax, Path=/, not Secure on plain-http 127.0.0.1", async () => {
    const response = await new Browser().post(`${OLD}/signup`, {
      email: email("attrs"),
      password: "attrs-password",
    });
    expect(response.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^userbridge_session=[^;]+; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
  });
});

describe("admin", () => {
  it("/admin/me on new is 401 until new's own admin logs in; a shared user cannot; the shared session stays", async () => {
    const { browser, user } = await signedUp("editor");
    const adminEmail = email("root");
    await createSiteAdmin("new", databases.newSite.url, { email: adminEmail, password: "admin-password" });

    const anonymous = await browser.get(`${NEW}/admin/me`);
    expect(anonymous.status).toBe(401);

    const sharedUser = await browser.post(`${NEW}/admin/login`, {
      email: user.email,
      password: "correct horse battery",
    });
    expect(sharedUser.status).toBe(401);
    expect(await errorCode(sharedUser)).toBe("USERBRIDGE_INVALID_CREDENTIALS");

    const sharedCookie = browser.cookie("userbridge_session");
    const login = await browser.post(`${NEW}/admin/login`, { email: adminEmail, password: "admin-password" });
    expect(login.status).toBe(200);
    expect(login.headers.getSetCookie()).toEqual([
      expect.stringMatching(
        /^userbridge_session_admin=[^;]+; Max-Age=1209600; Path=\/admin; HttpOnly; SameSite=Lax$/,
      ),
    ]);
    expect(browser.cookie("userbridge_session")).toBe(sharedCookie);
    expect(await (await browser.get(`${NEW}/admin/me`)).json()).toMatchObject({
      user: { email: adminEmail },
    });
    expect(await meStatus(browser, NEW)).toBe(200);
    expect(await meStatus(browser, OLD)).toBe(200);
    // old's admin is old's own: new's admin session means nothing there.
    expect((await browser.get(`${OLD}/admin/me`)).status).toBe(401);
    expect(await (await browser.get(`${NEW}/admin`)).text()).toContain(adminEmail);

    const logout = await browser.post(`${NEW}/admin/logout`);
    expect(logout.status).toBe(200);
    expect((await browser.get(`${NEW}/admin/me`)).status).toBe(401);
    expect(await meStatus(browser, NEW)).toBe(200);
  });

  it("admin users live in the site's own database, not the shared one", async () => {
    const adminEmail = email("oldroot");
    await createSiteAdmin("old", databases.oldSite.url, { email: adminEmail, password: "admin-password" });
    const onShared = await sites.old.db.$using("shared").user.findUnique({ where: { email: adminEmail } });
    const onNew = await sites.new.db.$using("app").user.findUnique({ where: { email: adminEmail } });
    expect(onShared).toBeNull();
    expect(onNew).toBeNull();
    const browser = new Browser();
    expect(
      (await browser.post(`${OLD}/login`, { email: adminEmail, password: "admin-password" })).status,
    ).toBe(401);
    expect(
      (await browser.post(`${OLD}/admin/login`, { email: adminEmail, password: "admin-password" })).status,
    ).toBe(200);
  });
});

describe("logging out", () => {
  it("logout on new logs out on old too, and a replayed cookie is refused on both sites", async () => {
    const { browser } = await signedUp("leaver");
    const stolen = browser.cookie("userbridge_session") as string;
    const logout = await browser.post(`${NEW}/logout`);
    expect(logout.status).toBe(200);
    expect(logout.headers.getSetCookie()).toEqual([
      "userbridge_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    ]);
    expect(await meStatus(browser, OLD)).toBe(401);
    expect(await meStatus(browser, NEW)).toBe(401);

    const attacker = new Browser();
    attacker.setCookie("userbridge_session", stolen);
    expect(await meStatus(attacker, OLD)).toBe(401);
    expect(await meStatus(attacker, NEW)).toBe(401);
  });

  it("logoutEverywhere ends every session of the user", async () => {
    const { browser: laptop, user } = await signedUp("everywhere");
    const phone = new Browser();
    expect(
      (await phone.post(`${NEW}/login`, { email: user.email, password: "correct horse battery" })).status,
    ).toBe(200);
    const other = await signedUp("bystander");

    expect(await sites.old.auth.users.logoutEverywhere(user.id)).toBe(2);
    for (const site of [OLD, NEW]) {
      expect(await meStatus(laptop, site)).toBe(401);
      expect(await meStatus(phone, site)).toBe(401);
      expect(await meStatus(other.browser, site)).toBe(200);
    }
  });
});

describe("session passwords", () => {
  it("rotation: a cookie sealed with the old password still works once a new one is added", async () => {
    const { browser, user } = await signedUp("rotation");
    const rotated = await extraSite("rotated", { 1: PASSWORD, 2: NEXT_PASSWORD });
    const me = await browser.get(`${rotated.url}/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: user.id } });

    // What it seals now uses id 2: a site without that id sees no session until it is updated.
    const fresh = new Browser();
    expect(
      (await fresh.post(`${rotated.url}/login`, { email: user.email, password: "correct horse battery" }))
        .status,
    ).toBe(200);
    expect(fresh.cookie("userbridge_session")?.split("*")[1]).toBe("2");
    expect(await meStatus(fresh, OLD)).toBe(401);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^userbridge: a session cookie was sealed with a password id/),
    );
    expect(await meStatus(fresh, rotated.url)).toBe(200);
  });

  it("a site with a different password treats the cookie as anonymous", async () => {
    const { browser } = await signedUp("foreign");
    const foreign = await extraSite("foreign", "a-completely-different-password-0000");
    expect(foreign.fingerprint).not.toBe(sites.old.fingerprint);
    expect(await meStatus(browser, foreign.url)).toBe(401);
    expect(await meStatus(browser, OLD)).toBe(200);
  });
});

describe("bad requests are answered, never a 500", () => {
  it("tampered, truncated, garbage and foreign cookies are anonymous", async () => {
    const { browser } = await signedUp("cookies");
    const cookie = browser.cookie("userbridge_session") as string;
    const parts = cookie.split("*");
    parts[4] = `${parts[4]?.[0] === "A" ? "B" : "A"}${parts[4]?.slice(1)}`;
    for (const value of [parts.join("*"), cookie.slice(0, -20), "garbage", "Fe26.2*1*****", "%E0%A4%A"]) {
      const other = new Browser();
      other.setCookie("userbridge_session", value);
      expect(await meStatus(other, NEW), value).toBe(401);
      other.setCookie("userbridge_session_admin", value, "/admin");
      expect((await other.get(`${NEW}/admin/me`)).status).toBe(401);
      expect((await other.get(`${NEW}/`)).status).toBe(200);
    }
  });

  it("bad bodies: 400 with field errors, 400 for malformed JSON, 415, 413", async () => {
    const browser = new Browser();
    const invalid = await browser.post(`${OLD}/signup`, { email: "not-an-email", password: "short" });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: {
        code: "USERBRIDGE_INVALID_INPUT",
        fieldErrors: { email: [expect.any(String)], password: [expect.any(String)] },
      },
    });
    const malformed = await browser.fetch(`${OLD}/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect(await errorCode(malformed)).toBe("USERBRIDGE_MALFORMED_BODY");
    const plain = await browser.fetch(`${OLD}/login`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(plain.status).toBe(415);
    const huge = await browser.post(`${OLD}/login`, { email: "a@b.io", password: "x".repeat(20_000) });
    expect(huge.status).toBe(413);
    const long = await browser.post(`${OLD}/login`, { email: "a@b.io", password: "x".repeat(257) });
    expect(long.status).toBe(400);
  });

  it("a duplicate signup is 409; unknown email and wrong password are the same 401", async () => {
    const { user } = await signedUp("dupe");
    const again = await new Browser().post(`${NEW}/signup`, {
      email: user.email,
      password: "another-password",
    });
    expect(again.status).toBe(409);
    const wrong = await new Browser().post(`${NEW}/login`, { email: user.email, password: "wrong-password" });
    const unknown = await new Browser().post(`${NEW}/login`, {
      email: email("nobody"),
      password: "wrong-password",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("a POST from a foreign Origin is 403; its own or no Origin is fine", async () => {
    const { browser, user } = await signedUp("origin");
    const forged = await browser.post(`${OLD}/logout`, undefined, {
      headers: { origin: "https://evil.example" },
    });
    expect(forged.status).toBe(403);
    expect(await errorCode(forged)).toBe("USERBRIDGE_FORBIDDEN_ORIGIN");
    expect(await meStatus(browser, OLD)).toBe(200);
    const fromNew = await browser.post(
      `${OLD}/login`,
      { email: user.email, password: "x" },
      { headers: { origin: NEW } },
    );
    expect(fromNew.status).toBe(403);
    const own = await browser.post(
      `${OLD}/login`,
      { email: user.email, password: "correct horse battery" },
      { headers: { origin: OLD } },
    );
    expect(own.status).toBe(200);
  });

  it("only the exact paths are served: other spellings of /admin are refused (400), others are 404", async () => {
    const { rawGet } = await import("../../test/browser.js");
    for (const path of [
      "/ADMIN/me",
      "/%61dmin/me",
      "//admin/me",
      "/admin/./me",
      "/admin;x/me",
      "/me/../admin/me",
    ]) {
      expect(await rawGet(NEW, path), path).toBe(400);
    }
    for (const path of ["/administrator", "/me/", "/Me"]) {
      expect(await rawGet(NEW, path), path).toBe(404);
    }
    expect(await rawGet(NEW, "/me?x=1")).toBe(401);
    expect((await new Browser().fetch(`${NEW}/me`, { method: "DELETE" })).status).toBe(405);
  });
});

describe("the identity database stopped", () => {
  it("/me answers 503 quickly, /admin still works, and it recovers without a restart", async (context) => {
    skipUnlessServerControl(context);
    const { browser } = await signedUp("outage");
    const adminEmail = email("outage-root");
    await createSiteAdmin("new", databases.newSite.url, { email: adminEmail, password: "admin-password" });
    expect(
      (await browser.post(`${NEW}/admin/login`, { email: adminEmail, password: "admin-password" })).status,
    ).toBe(200);

    await stopServer("identity");
    try {
      const started = performance.now();
      const me = await browser.get(`${NEW}/me`);
      const elapsed = performance.now() - started;
      expect(me.status).toBe(503);
      expect(await me.json()).toMatchObject({
        error: { code: "USERBRIDGE_DATABASE_UNAVAILABLE", database: "shared" },
      });
      // Bounded by the pool's 2 s connection timeout, with room for a loaded 2-core CI machine.
      expect(elapsed).toBeLessThan(5_000);
      expect((await browser.get(`${NEW}/`)).status).toBe(503);

      expect((await browser.get(`${NEW}/admin/me`)).status).toBe(200);
      expect((await browser.get(`${NEW}/admin`)).status).toBe(200);
      const again = new Browser();
      expect(
        (await again.post(`${NEW}/admin/login`, { email: adminEmail, password: "admin-password" })).status,
      ).toBe(200);
    } finally {
      await startServer("identity");
    }
    expect(await meStatus(browser, NEW)).toBe(200);
  });
});
