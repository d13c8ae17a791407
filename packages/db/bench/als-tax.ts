// (c) The AsyncLocalStorage tax per Prisma call, measured in separate processes on each Node major.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median } from "./stats.js";

const CHILD = fileURLToPath(new URL("./als-child.ts", import.meta.url));
const TSX = ["--import", "tsx", "--conditions=@userbridge/source"];

function nodeCommand(major: string): string[] {
  // The current Node runs directly; another major comes from the npm registry (cached after the first run).
  return process.version.startsWith(`v${major}.`)
    ? [process.execPath]
    : ["npx", "-y", "-p", `node@${major}`, "--", "node"];
}

function run(major: string, mode: "none" | "store", url: string): { node: string; p50: number } {
  const [command, ...prefix] = nodeCommand(major);
  const output = execFileSync(command as string, [...prefix, ...TSX, CHILD, mode, url], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output) as { node: string; p50: number };
}

export function benchAlsTax(sharedUrl: string, majors = ["22", "24"], rounds = 3) {
  return majors.map((major) => {
    const none: number[] = [];
    const store: number[] = [];
    let node = "";
    for (let round = 0; round < rounds; round++) {
      const a = run(major, "none", sharedUrl);
      const b = run(major, "store", sharedUrl);
      node = a.node;
      none.push(a.p50);
      store.push(b.p50);
    }
    return { node, none: median(none), store: median(store), tax: median(store) / median(none) - 1 };
  });
}
