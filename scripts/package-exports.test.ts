// Every `exports` path of every package exists after `pnpm build` and loads under plain Node
// (no TypeScript loader, no custom conditions): what a consumer of the built packages gets.
// A wildcard export (`"./*"`) stands for every name its source files give it: @userbridge/clients/<schema>
// for each schema under prisma/. A package with no build (@userbridge/testing: test sources only) is only
// checked for its files.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { schemaNames } from "./schemas.ts";

const PACKAGES = fileURLToPath(new URL("../packages/", import.meta.url));

type Target = string | { [condition: string]: Target };
interface Manifest {
  name: string;
  exports?: Record<string, Target>;
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
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

function substitute(target: Target, value: string): Target {
  if (typeof target === "string") return target.replace("*", value);
  return Object.fromEntries(Object.entries(target).map(([key, next]) => [key, substitute(next, value)]));
}

/** What `*` stands for in `pattern` (`./src/*\/client.ts`) for the package's files on disk. */
function wildcardValues(dir: string, pattern: string): string[] {
  const [prefix = "", suffix = ""] = pattern.replace(/^\.\//, "").split("*");
  const root = join(dir, prefix.slice(0, prefix.lastIndexOf("/") + 1));
  if (!existsSync(root)) return [];
  return (
    readdirSync(root, { recursive: true, encoding: "utf8" })
      .map((file) => relative(dir, join(root, file)))
      .filter((file) => file.startsWith(prefix) && file.endsWith(suffix) && !file.includes("node_modules"))
      .map((file) => file.slice(prefix.length, file.length - suffix.length))
      // A module of the package, not one of its tests.
      .filter((value) => value.length > 0 && !/\.test(-d)?$/.test(value))
      .sort()
  );
}

/**
 * The package's subpaths with a wildcard expanded: one entry per name its source files give `*` (the
 * `@userbridge/source` target, else the first one).
 */
function exportEntries(dir: string, manifest: Manifest): [string, Target][] {
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]): [string, Target][] => {
    if (!subpath.includes("*")) return [[subpath, target]];
    const all = files(target);
    const [, source = ""] =
      all.find(([condition]) => condition.includes("@userbridge/source")) ?? all[0] ?? [];
    return wildcardValues(dir, source).map((value) => [
      subpath.replace("*", value),
      substitute(target, value),
    ]);
  });
}

it("@userbridge/clients exports a client for every schema under prisma/, and only those", () => {
  const clients = manifests.find(({ manifest }) => manifest.name === "@userbridge/clients");
  if (!clients) throw new Error("packages/clients is missing");
  const subpaths = exportEntries(clients.dir, clients.manifest).map(([subpath]) => subpath.slice(2));
  expect(subpaths.sort(), "run `pnpm db:generate`").toEqual(schemaNames().sort());
});

describe.each(manifests)("$manifest.name", ({ dir, manifest }) => {
  const entries = exportEntries(dir, manifest);
  const built = manifest.scripts?.build !== undefined;

  it("exports something", () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries)("export %s names files that exist", (_subpath, target) => {
    const missing = files(target).filter(([, file]) => !existsSync(join(dir, file)));
    expect(missing, "run `pnpm build` first if dist/ is missing").toEqual([]);
  });

  // Not a skip (the CI fails on skipped tests): a package without a build has no such test at all.
  it.each(built ? entries : [])("export %s imports under plain node", (subpath) => {
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
