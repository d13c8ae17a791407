// `pnpm demo:screenshots [--out <dir>]` (packages/demo): the README's screenshots, see e2e/screenshots.ts.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumUnavailable } from "../e2e/chromium.js";
import { takeScreenshots } from "../e2e/screenshots.js";
import { parseScreenshotsArgs } from "./args.js";
import { optionsOrExit, runMain } from "./main.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

async function main(): Promise<number> {
  const args = optionsOrExit(parseScreenshotsArgs(process.argv.slice(2)));
  if (typeof args === "number") return args;
  const missing = chromiumUnavailable();
  if (missing) {
    console.error(`userbridge demo: ${missing}`);
    return 1;
  }
  // pnpm runs package scripts in the package's directory; INIT_CWD is where the command was typed.
  const outDir =
    args.out === undefined
      ? resolve(REPO_ROOT, "docs", "screenshots")
      : resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
  await takeScreenshots({ repoRoot: REPO_ROOT, outDir });
  return 0;
}

runMain(main);
