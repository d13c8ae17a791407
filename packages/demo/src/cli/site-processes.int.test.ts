// `pnpm demo:sites --site old` and `--site new` as two processes (two deployments: two pools, two
// session caches, two LISTEN connections) on one identity database: a login on one is seen on the
// other, and a logout on one is seen by the other's cache within a second.
import { freePort } from "@userbridge/testing/free-port";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../test/browser.js";
import { useSiteDatabases } from "../../test/site-databases.js";
import { type SitesProcess, spawnSitesCli, startSitesProcess } from "../../test/sites-process.js";
import type { SiteName } from "../sites/names.js";

const databases = useSiteDatabases();
const processes: SitesProcess[] = [];
let OLD: string;
let NEW: string;
let siteEnv: Record<string, string>;

/** Starts one site process (already migrated databases: --no-migrate) and resolves with its URL. */
async function startSiteProcess(site: SiteName, env: Record<string, string>, args: readonly string[] = []) {
  const started = await startSitesProcess(env, ["--site", site, "--no-migrate", ...args], [site]);
  processes.push(started);
  return started.urls[site] as string;
}

beforeAll(async () => {
  siteEnv = {
    SHARED_DATABASE_URL: databases.shared.url,
    APP_DATABASE_URL: databases.oldSite.url,
    NEW_DATABASE_URL: databases.newSite.url,
    PORT_OLD: String(await freePort()),
    PORT_NEW: String(await freePort()),
    SESSION_PASSWORD: "two-processes-two-processes-two-processes",
  };
  [OLD, NEW] = await Promise.all([startSiteProcess("old", siteEnv), startSiteProcess("new", siteEnv)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((started) => started.stop()));
});

describe("demo:sites --site: one process per site", () => {
  it("shares the login, and a logout in one process is seen by the other's cache within a second", async () => {
    const browser = new Browser();
    const credentials = { email: "two@example.com", password: "correct horse battery" };
    expect((await browser.post(`${OLD}/signup`, credentials)).status).toBe(201);
    expect((await browser.get(`${NEW}/me`)).status).toBe(200);
    expect((await browser.get(`${NEW}/me`)).status).toBe(200); // warm in new's cache
    const replay = new Browser();
    replay.setCookie("userbridge_session", browser.cookie("userbridge_session") as string);
    expect((await browser.post(`${OLD}/logout`)).status).toBe(200);
    const started = performance.now();
    await expect.poll(async () => (await replay.get(`${NEW}/me`)).status, { interval: 1 }).toBe(401);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  // Issue 14: two deployments on two hosts that share no cookie, logging in through the hand-off.
  it("--cross-domain: old on localhost, new on 127.0.0.1, one login through the hand-off, one logout", async () => {
    const env = { ...siteEnv, PORT_OLD: String(await freePort()), PORT_NEW: String(await freePort()) };
    const [old, neu] = await Promise.all([
      startSiteProcess("old", env, ["--cross-domain"]),
      startSiteProcess("new", env, ["--cross-domain"]),
    ]);
    expect(old).toBe(`http://localhost:${env.PORT_OLD}`);
    expect(neu).toBe(`http://127.0.0.1:${env.PORT_NEW}`);
    const browser = new Browser();
    const credentials = { email: "far@example.com", password: "correct horse battery" };
    expect((await browser.post(`${old}/signup`, credentials)).status).toBe(201);
    expect((await browser.get(`${neu}/me`)).status).toBe(401);
    let next = `${neu}/sso/start?next=%2Fme`;
    for (let hop = 0; hop < 3; hop++)
      next = new URL((await browser.get(next)).headers.get("location") ?? "", next).href;
    expect(next).toBe(`${neu}/me`);
    expect((await browser.get(`${neu}/me`)).status).toBe(200);
    expect((await browser.post(`${neu}/logout`)).status).toBe(200);
    // Another process: it learns of the logout by NOTIFY, within milliseconds.
    await expect
      .poll(async () => (await browser.get(`${old}/me`)).status, { timeout: 1_000, interval: 5 })
      .toBe(401);
  });

  it("refuses an unknown --site with a clear message (a usage error: exit 2)", async () => {
    const child = spawnSitesCli({}, ["--site", "mars"]);
    let output = "";
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(output).toMatch(/--site must be one of old, new/);
  });
});
