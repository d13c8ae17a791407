// The README's screenshots: `pnpm demo` on a fresh embedded PostgreSQL, both sites filled in through
// their own forms in headless Chromium, then the old site's posts page, the new site's projects page
// and the new site's admin page, each with its query panel. Every page is the first of a fresh login
// on that site, so the panel shows the session lookup too (later pages find it in the session cache).
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ADMIN_LOGINS, DEMO_LOGIN, type Login } from "../launcher/seed.js";
import { startDemo } from "../launcher/start-demo.js";
import { launchChromium } from "./chromium.js";

export const SCREENSHOT_FILES = {
  oldSite: "old-site.png",
  newSite: "new-site.png",
  admin: "admin.png",
} as const;

export interface ScreenshotOptions {
  /** The monorepo root (holds scripts/migrate.ts and prisma/). */
  readonly repoRoot: string;
  /** Where the three PNG files are written (created when missing). */
  readonly outDir: string;
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
}

const GRACE: Login = { email: "grace@example.com", password: "grace-password", name: "Grace Hopper" };

async function submit(page: Page, form: string, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    await page.fill(`${form} [name="${name}"]`, value);
  }
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type="submit"]`)]);
}

async function logIn(page: Page, url: string, login: Login, next?: string): Promise<void> {
  await page.goto(next ? `${url}/?next=${encodeURIComponent(next)}` : `${url}/`);
  await submit(page, 'form[action="/login"]', { email: login.email, password: login.password });
}

async function writePost(page: Page, oldUrl: string, title: string, body: string): Promise<void> {
  await page.goto(`${oldUrl}/posts`);
  await submit(page, 'form[action="/posts"]', { title, body });
}

async function project(page: Page, newUrl: string, name: string, tasks: readonly string[]): Promise<void> {
  await page.goto(`${newUrl}/projects`);
  await submit(page, 'form[action="/projects"]', { name });
  const section = page.locator("section[data-project]", { hasText: name });
  for (const task of tasks) {
    await section.locator('input[name="title"]').fill(task);
    await Promise.all([
      page.waitForNavigation(),
      section.locator('form[action="/projects/tasks"] button').click(),
    ]);
  }
}

/** Writes old-site.png, new-site.png and admin.png to `outDir`; returns their paths. */
export async function takeScreenshots(options: ScreenshotOptions): Promise<string[]> {
  const { repoRoot, outDir, log = console.log } = options;
  const dataDir = await mkdtemp(join(tmpdir(), "userbridge-screenshots-"));
  await chmod(dataDir, 0o755); // as root, the embedded server runs as `postgres`
  await mkdir(outDir, { recursive: true });
  log("starting the demo on a fresh embedded PostgreSQL...");
  const demo = await startDemo({ repoRoot, dataDir, env: {}, ports: { old: 0, new: 0 } });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 960, height: 720 });
    const oldUrl = demo.sites.old.url;
    const newUrl = demo.sites.new.url;
    const shot = async (file: string) => {
      const path = join(outDir, file);
      await page.screenshot({ path, fullPage: true });
      log(`saved ${path}`);
      return path;
    };

    log("filling the old site's posts and the new site's projects...");
    await page.goto(`${oldUrl}/`);
    await submit(page, 'form[action="/signup"]', {
      email: GRACE.email,
      name: GRACE.name,
      password: GRACE.password,
    });
    await writePost(page, oldUrl, "Compilers for everyone", "Programs should read like English.");
    await page.goto(`${oldUrl}/`);
    await submit(page, 'form[action="/logout"]', {});
    await logIn(page, oldUrl, DEMO_LOGIN);
    await writePost(
      page,
      oldUrl,
      "We are moving",
      "Projects and tasks live on the new site now; your login works on both.",
    );
    await project(page, newUrl, "Launch the new site", [
      "Move the readers over",
      "Check logins on both sites",
      "Write the admin guide",
    ]);
    const launch = page.locator("section[data-project]", { hasText: "Launch the new site" });
    await Promise.all([
      page.waitForNavigation(),
      launch.locator("li", { hasText: "Check logins" }).locator("button").click(),
    ]);
    await project(page, newUrl, "Retire the old site", ["Redirect /posts"]);

    // A fresh login for each page: its first request on that site looks the session up.
    await browser.context.clearCookies();
    await logIn(page, oldUrl, DEMO_LOGIN, "/posts");
    const paths = [await shot(SCREENSHOT_FILES.oldSite)];
    await browser.context.clearCookies();
    await logIn(page, oldUrl, DEMO_LOGIN);
    await page.goto(`${newUrl}/projects`);
    paths.push(await shot(SCREENSHOT_FILES.newSite));
    await page.goto(`${newUrl}/admin`);
    const { email, password } = ADMIN_LOGINS.new;
    await submit(page, 'form[action="/admin/login"]', { email, password });
    paths.push(await shot(SCREENSHOT_FILES.admin));
    return paths;
  } finally {
    await browser.close();
    await demo.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
