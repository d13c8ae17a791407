// Headless Chromium for the end-to-end test: Debian's `chromium` package driven by playwright-core (which
// never downloads a browser), one fresh profile per launch, nothing phoning home.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium";
}

/** Why the browser test cannot run here, or undefined when it can. */
export function chromiumUnavailable(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const path = chromiumPath(env);
  return existsSync(path)
    ? undefined
    : `no Chromium at ${path}: apt-get install -y chromium (or set CHROMIUM_PATH)`;
}

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export interface ChromiumSession {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A headless browser with one fresh profile (one cookie jar, like one person's browser). */
export async function launchChromium(
  env: Record<string, string | undefined> = process.env,
): Promise<ChromiumSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), "userbridge-chromium-"));
  // launchPersistentContext is how playwright takes a --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(env),
    headless: true,
    args: FLAGS,
    viewport: { width: 900, height: 440 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
