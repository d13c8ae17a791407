// Every `exports` path of every package exists after `pnpm build` and loads under plain Node
// (no TypeScript loader, no custom conditions): what a consumer of the built packages gets.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGES = fileURLToPath(new URL("../packages/", import.meta.url));

type Target = string | { [condition: string]: Target };
interface Manifest {
  name: string;
  exports?: Record<string, Target>;
  bin?: Record<string, string>;
}

const manifests = readdirSync(PACKAGES)
  .map((dir) => ({ dir: join(PACKAGES, dir), path: join(PACKAGES, dir, "package.json") }))
  .filter(({ path }) => existsSync(path))
  .map(({ dir, path }) => ({ dir, manifest: JSON.parse(readFileSync(path, "utf8")) as Manifest }))
  .filter(({ manifest }) => manifest.exports !== undefined);

/** Every file an export map names, with the condition that leads to it. */
function files(target: Target, conditions: string[] = []): [string, string][] {
  if (typeof target === "string") return [[conditions.join(".") || "default", target]];
  return Object.entries(target).flatMap(([condition, next]) => files(next, [...conditions, condition]));
}

describe.each(manifests)("$manifest.name", ({ dir, manifest }) => {
  const entries = Object.entries(manifest.exports ?? {});

  it.each(entries)("export %s names files that exist", (_subpath, target) => {
    const missing = files(target).filter(([, file]) => !existsSync(join(dir, file)));
    expect(missing, "run `pnpm build` first if dist/ is missing").toEqual([]);
  });

  it.each(entries)("export %s imports under plain node", (subpath) => {
    const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    const output = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`,
      ],
      { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(Number(output.trim())).toBeGreaterThan(0);
  });

  it.each(Object.entries(manifest.bin ?? {}))("bin %s exists", (_name, file) => {
    expect(existsSync(join(dir, file))).toBe(true);
  });
});
