// `pnpm demo [--reset] [--data-dir <dir>] [--cross-domain]` (scripts/demo.ts): the arguments, then
// launcher/run-demo.ts until Ctrl-C. Returns the exit code.
import { resolve } from "node:path";
import { runDemo } from "../launcher/run-demo.js";
import { parseDemoArgs } from "./args.js";
import { optionsOrExit } from "./main.js";

export async function demoCli(repoRoot: string, argv: readonly string[]): Promise<number> {
  const args = optionsOrExit(parseDemoArgs(argv));
  if (typeof args === "number") return args;
  return runDemo({
    repoRoot,
    reset: args.reset,
    crossDomain: args.crossDomain,
    ...(args.dataDir !== undefined && { dataDir: resolve(args.dataDir) }),
  });
}
