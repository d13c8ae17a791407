// A throwaway copy of the monorepo for tests that change it as a user would (add a schema, a migration):
// the repository's files without .git, build output or generated clients, and node_modules folders whose
// entries link to the installed packages, so nothing is installed and nothing is written to the checkout.
// Workspace packages (@userbridge/*) link to the copy's own packages, so the copy's clients are the ones used.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandResult, runCommand } from "@userbridge/testing/run-command";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Never copied: version control, dependencies, build output, local data. */
const SKIPPED = new Set([
  ".git",
  ".data",
  "node_modules",
  "dist",
  ".turbo",
  ".next",
  "test-artifacts",
  "coverage",
]);
/** Generated (and gitignored): the copy generates its own clients. */
const GENERATED = join("packages", "clients", "src");

export interface WorkspaceCopy {
  readonly dir: string;
  /** Runs the copy's package.json script `name` with `args`, as `pnpm <name> <args...>` does. */
  script(name: string, args?: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  /** Runs a binary of the copy's node_modules/.bin from the copy's root. */
  bin(name: string, args: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  remove(): Promise<void>;
}

/**
 * Copies the monorepo into a new temporary folder.
 * @param timeoutMs how long each command run in the copy may take. @default 240_000
 */
export function copyWorkspace({ timeoutMs = 240_000 }: { timeoutMs?: number } = {}): WorkspaceCopy {
  const dir = mkdtempSync(join(tmpdir(), "userbridge-workspace-"));
  cpSync(REPO_ROOT, dir, {
    recursive: true,
    filter: (source) => {
      const path = relative(REPO_ROOT, source);
      return (
        !path.split(sep).some((part) => SKIPPED.has(part)) &&
        path !== GENERATED &&
        !path.endsWith(".tsbuildinfo")
      );
    },
  });
  linkNodeModules(dir, "");
  for (const name of readdirSync(join(REPO_ROOT, "packages"))) {
    if (existsSync(join(dir, "packages", name))) linkNodeModules(dir, join("packages", name));
  }

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const { PRISMA_SCHEMA_ENGINE_BINARY: _engine, ...inherited } = process.env;
    // No database of the caller's shell (SHARED_DATABASE_URL, APP_DATABASE_URL, ...): only what a step names.
    const clean = Object.fromEntries(
      Object.entries(inherited).filter(([name]) => !name.endsWith("_DATABASE_URL")),
    );
    const path = [join(dir, "node_modules", ".bin"), process.env.PATH].filter(Boolean).join(delimiter);
    return { ...clean, PATH: path, NO_COLOR: "1", CHECKPOINT_DISABLE: "1", ...extra };
  };
  return {
    dir,
    script(name, args = [], extra = {}) {
      const scripts = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts as Record<
        string,
        string
      >;
      const command = scripts[name];
      if (!command) throw new Error(`userbridge: package.json has no script ${name}`);
      // pnpm runs a script through the shell, its arguments appended, node_modules/.bin first on PATH.
      return runCommand("sh", ["-c", `${command} "$@"`, name, ...args], {
        cwd: dir,
        env: env(extra),
        timeoutMs,
      });
    },
    bin(name, args, extra = {}) {
      return runCommand(join(dir, "node_modules", ".bin", name), args, {
        cwd: dir,
        env: env(extra),
        timeoutMs,
      });
    },
    remove: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * `<copyRoot>/<folder>/node_modules`: one link per entry of the checkout's `<folder>/node_modules` (scopes
 * entered), to the installed package, or for a workspace package to the copy's own.
 */
function linkNodeModules(copyRoot: string, folder: string): void {
  const from = join(REPO_ROOT, folder, "node_modules");
  if (!existsSync(from)) return;
  const into = join(copyRoot, folder, "node_modules");
  const link = (entry: string) => {
    const target = realpathSync(join(from, entry));
    const inRepo = relative(REPO_ROOT, target);
    const workspacePackage =
      inRepo.startsWith(`packages${sep}`) && !inRepo.split(sep).includes("node_modules");
    symlinkSync(workspacePackage ? join(copyRoot, inRepo) : target, join(into, entry));
  };
  mkdirSync(into);
  for (const entry of readdirSync(from)) {
    if (!entry.startsWith("@")) {
      link(entry);
      continue;
    }
    mkdirSync(join(into, entry));
    for (const scoped of readdirSync(join(from, entry))) link(join(entry, scoped));
  }
}
