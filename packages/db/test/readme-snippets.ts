// Runs the README's code blocks as written: a block is found by its first line (`// app.ts`), written
// to a throwaway folder under its own file name, and given a node_modules that links the packages it
// imports to this workspace's, so it resolves exactly as in a user's project.
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
 * A folder with `files` and node_modules links: package name -> folder, relative to the workspace
 * root (a package installed in a workspace package's own node_modules works too).
 */
export async function snippetProject(
  files: Readonly<Record<string, string>>,
  packages: Readonly<Record<string, string>>,
): Promise<SnippetProject> {
  const dir = await mkdtemp(join(tmpdir(), "userbridge-readme-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  for (const [name, folder] of Object.entries(packages)) {
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
