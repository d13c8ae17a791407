// Runs the README's code blocks as written: a block is found by its first line (`// app.ts`), written
// to a throwaway folder under its own file name, and given a node_modules that links the packages it
// imports to this workspace's, so it resolves exactly as in a user's project.
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { databaseUrlVariable } from "../src/config.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The README's ```ts block whose first line is `firstLine`, verbatim. */
export async function readmeBlock(firstLine: string): Promise<string> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
  const block = blocks.find((text) => text.startsWith(`${firstLine}\n`));
  if (block === undefined) throw new Error(`README.md has no \`\`\`ts block starting with ${firstLine}`);
  return block;
}

export interface SnippetProject {
  readonly dir: string;
  /** Imports one of its files (e.g. "app.ts"). */
  load<T>(file: string): Promise<T>;
  remove(): Promise<void>;
}

/**
 * The workspace packages a README block may import, linked into every snippet project: the site's
 * generated clients (`import { PrismaClient } from "@userbridge/clients/app"`), the routed client and
 * the sessions.
 */
export const WORKSPACE_PACKAGES: Readonly<Record<string, string>> = {
  "@userbridge/clients": "packages/clients",
  "@userbridge/db": "packages/db",
  "@userbridge/session": "packages/session",
};

/**
 * A folder with `files` and node_modules links: package name -> folder, relative to the workspace
 * root (a package installed in a workspace package's own node_modules works too). WORKSPACE_PACKAGES
 * are always linked; `packages` adds the rest (express, fastify, ...).
 */
export async function snippetProject(
  files: Readonly<Record<string, string>>,
  packages: Readonly<Record<string, string>> = {},
): Promise<SnippetProject> {
  const dir = await mkdtemp(join(tmpdir(), "userbridge-readme-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  for (const [name, folder] of Object.entries({ ...WORKSPACE_PACKAGES, ...packages })) {
    const link = join(dir, "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(await realpath(join(ROOT, folder)), link, "dir");
  }
  return {
    dir,
    load: (file) => import(join(dir, file)),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What the README's `// db.ts` block reads from the environment, besides the two database URLs. */
export const README_SESSION_PASSWORD = "readme-test-password-at-least-32-characters";

export interface ReadmeDatabases {
  /** The identity database (SHARED_DATABASE_URL). */
  readonly shared: TestDatabase;
  /** The site's database (APP_DATABASE_URL). */
  readonly app: TestDatabase;
  /** Drops both and puts the environment back as it was. */
  drop(): Promise<void>;
}

/**
 * Fresh identity and site databases, and the environment the README's `// db.ts` block runs on:
 * SHARED_DATABASE_URL, APP_DATABASE_URL and SESSION_PASSWORD, set until `drop()`.
 */
export async function readmeDatabases(): Promise<ReadmeDatabases> {
  const [shared, app] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
  ]);
  const values: Record<string, string> = {
    [databaseUrlVariable("shared")]: shared.url,
    [databaseUrlVariable("app")]: app.url,
    SESSION_PASSWORD: README_SESSION_PASSWORD,
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return {
    shared,
    app,
    drop: async () => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await Promise.all([shared.drop(), app.drop()]);
    },
  };
}
