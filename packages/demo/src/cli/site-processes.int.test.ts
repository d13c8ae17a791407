// `pnpm demo:sites --site old` and `--site new` as two processes (two deployments: two pools, two
// session caches, two LISTEN connections) on one identity database: a login on one is seen on the
// other, and a logout on one is seen by the other's cache within a second.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../../test/databases.js";
import { freePort } from "../../../../test/free-port.js";
import { Browser } from "../../test/browser.js";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const SITES_CLI = fileURLToPath(new URL("./sites.ts", import.meta.url));

let databases: TestDatabase[] = [];
const children: ChildProcess[] = [];

/** Starts one site process and resolves with the URL it prints. */
function startSiteProcess(
  site: "old" | "new",
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--conditions=@userbridge/source", "--import", "tsx", SITES_CLI, "--site", site, ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${site} did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = output.match(new RegExp(`^${site} site: (http://\\S+)`, "m"))?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => reject(new Error(`${site} exited with ${code}:\n${output}`)));
  });
}

let OLD: string;
let NEW: string;
let siteEnv: Record<string, string>;

beforeAll(async () => {
  const [shared, oldApp, newApp] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
    createTestDatabase("app", "app"),
  ]);
  databases = [shared, oldApp, newApp];
  const env = {
    SHARED_DATABASE_URL: shared.url,
    OLD_APP_DATABASE_URL: oldApp.url,
    NEW_APP_DATABASE_URL: newApp.url,
    PORT_OLD: String(await freePort()),
    PORT_NEW: String(await freePort()),
    SESSION_PASSWORD: "two-processes-two-processes-two-processes",
  };
  siteEnv = env;
  [OLD, NEW] = await Promise.all([startSiteProcess("old", env), startSiteProcess("new", env)]);
}, 90_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  await Promise.all(databases.map((database) => database.drop()));
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

  it("refuses an unknown --site with a clear message", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=@userbridge/source", "--import", "tsx", SITES_CLI, "--site", "mars"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/--site must be one of old, new/);
  });
});
