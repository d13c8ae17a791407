// Issue 9's defects, attacked over HTTP on both demo sites with their DEFAULT pool settings; the
// identity database sits behind a proxy that can freeze it (what SIGSTOP does to a server), so these
// run on any test server.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreezableProxy, freezableProxy } from "../../../db/test/freezable-proxy.js";
import { Browser } from "../../test/browser.js";
import { useSiteDatabases } from "../../test/site-databases.js";
import { createSiteAdmin } from "./admin-user.js";
import { type RunningSites, startSites } from "./sites.js";

const databases = useSiteDatabases();
let proxy: FreezableProxy;
let sites: RunningSites;
let OLD: string;
let NEW: string;
let n = 0;
const email = (label: string) => `${label}-${n++}-${Date.now()}@hardening.test`;

beforeAll(async () => {
  proxy = await freezableProxy(databases.shared.url);
  sites = await startSites({
    sharedDatabaseUrl: proxy.url,
    old: { appDatabaseUrl: databases.oldSite.url },
    new: { appDatabaseUrl: databases.newSite.url },
    hostname: "127.0.0.1",
    session: { password: "hardening-password-hardening-password", env: {}, logger: { warn() {} } },
    warn() {},
  });
  OLD = sites.old.url;
  NEW = sites.new.url;
}, 60_000);

afterAll(async () => {
  proxy?.thaw();
  await sites?.close();
  await proxy?.close();
});

/** A request with the path sent exactly as written (fetch would resolve dot segments first). */
function raw(
  base: string,
  path: string,
  method = "GET",
  body?: string,
): Promise<{ status: number; json: unknown }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { "content-type": "application/json" };
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function signedUp(): Promise<{ browser: Browser; email: string }> {
  const browser = new Browser();
  const address = email("user");
  const response = await browser.post(`${OLD}/signup`, { email: address, password: "correct horse battery" });
  expect(response.status).toBe(201);
  return { browser, email: address };
}

describe("the demo sites under attack", () => {
  it("refuses every disguised /signup with 400 and never creates a site-admin account", async () => {
    const body = JSON.stringify({ email: email("admin-bypass"), password: "a-password" });
    for (const path of [
      "/admin/../signup",
      "/ADMIN/../signup",
      "/admin%2F..%2Fsignup",
      "/%61dmin/../signup",
    ]) {
      const answer = await raw(NEW, path, "POST", body);
      expect(answer, path).toMatchObject({
        status: 400,
        json: { error: { code: "USERBRIDGE_REFUSED_PATH" } },
      });
    }
    expect(await sites.new.db.$using("app").user.count()).toBe(0);
  });

  it("answers a NUL or control character in a field with 400, in JSON and in a form", async () => {
    const json = await new Browser().post(`${OLD}/signup`, {
      email: email("nul"),
      password: "a-password",
      name: "a\u0000b",
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({
      error: {
        code: "USERBRIDGE_INVALID_INPUT",
        fieldErrors: { name: ["must not contain control characters"] },
      },
    });
    const form = await new Browser().post(
      `${OLD}/signup`,
      { email: email("nul"), password: "a-password", name: "a\u0000b" },
      { form: true },
    );
    expect(form.status).toBe(400);
  });

  it("locks an account after 10 failed logins on one site, on every site, with Retry-After", async () => {
    const { email: victim } = await signedUp();
    for (let i = 0; i < 10; i++) {
      const site = i % 2 ? NEW : OLD;
      expect(
        (await new Browser().post(`${site}/login`, { email: victim, password: `guess-${i}` })).status,
      ).toBe(401);
    }
    const locked = await new Browser().post(`${NEW}/login`, {
      email: victim,
      password: "correct horse battery",
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: { code: "USERBRIDGE_TOO_MANY_ATTEMPTS" } });
  });

  it("refuses a POST whose Origin differs only in scheme", async () => {
    const { browser } = await signedUp();
    const https = OLD.replace("http:", "https:");
    expect((await browser.post(`${OLD}/logout`, undefined, { headers: { origin: https } })).status).toBe(403);
    expect((await browser.post(`${OLD}/logout`, undefined, { headers: { origin: OLD } })).status).toBe(200);
  });
});

describe("the identity database frozen (it accepts connections and never answers)", () => {
  it("/me is a 503 within 10 s, /admin keeps working, and a logout then is not lost", {
    timeout: 90_000,
  }, async () => {
    const { browser } = await signedUp();
    const adminEmail = email("root");
    await createSiteAdmin("new", databases.newSite.url, { email: adminEmail, password: "admin-password" });
    expect(
      (await browser.post(`${NEW}/admin/login`, { email: adminEmail, password: "admin-password" })).status,
    ).toBe(200);
    const cookie = browser.cookie("userbridge_session") as string;
    proxy.freeze();
    try {
      const started = performance.now();
      const me = await browser.get(`${NEW}/me`);
      expect(me.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect((await browser.get(`${NEW}/admin/me`)).status).toBe(200);

      // Regression (issue 9, defect 6): the cookie was cleared while the row survived.
      const logout = await browser.post(`${NEW}/logout`);
      expect(logout.status).toBe(503);
      expect(logout.headers.getSetCookie()).toEqual([]);
      expect(browser.cookie("userbridge_session")).toBe(cookie);
    } finally {
      proxy.thaw();
    }
    // Once the database answers, the old cookie is dead on both sites without any retry by the user.
    const replay = new Browser();
    replay.setCookie("userbridge_session", cookie);
    await expect.poll(async () => (await replay.get(`${OLD}/me`)).status, { timeout: 30_000 }).toBe(401);
    expect((await replay.get(`${NEW}/me`)).status).toBe(401);
  });
});
