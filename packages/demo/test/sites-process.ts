// `pnpm demo:sites` (src/cli/sites.ts) as a child process, for tests: resolves once each expected site
// printed its URL; stop() ends it with SIGTERM, as a deployment would be stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SiteName } from "../src/sites/names.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SITES_CLI = fileURLToPath(new URL("../src/cli/sites.ts", import.meta.url));

export interface SitesProcess {
  readonly child: ChildProcess;
  /** Each started site's URL, as printed. */
  readonly urls: Partial<Record<SiteName, string>>;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns the CLI with `args` and `env` on top of this process's environment. */
export function spawnSitesCli(env: Record<string, string>, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["--conditions=@userbridge/source", "--import", "tsx", SITES_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function startSitesProcess(
  env: Record<string, string>,
  args: readonly string[],
  sites: readonly SiteName[],
  timeoutMs = 90_000,
): Promise<SitesProcess> {
  const child = spawnSitesCli(env, args);
  let text = "";
  const urls: Partial<Record<SiteName, string>> = {};
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`demo:sites ${args.join(" ")} ${why}:\n${text}`)));
    };
    const timer = setTimeout(() => fail(`printed no URL in ${timeoutMs} ms`), timeoutMs);
    const read = (chunk: Buffer) => {
      text += chunk;
      for (const site of sites)
        urls[site] ??= text.match(new RegExp(`^${site} site: (http://\\S+)`, "m"))?.[1];
      if (sites.every((site) => urls[site])) {
        clearTimeout(timer);
        resolve({ child, urls, output: () => text, stop });
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => fail(`exited with ${code}`));
  });
}
