import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockDataDir, resetDataDir } from "./data-dir.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "userbridge-data-dir-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("resetDataDir", () => {
  it("deletes the demo's databases and session password, and nothing else in a directory the user named", async () => {
    for (const entry of ["identity", "old", "new"])
      await mkdir(join(root, entry, "base"), { recursive: true });
    await writeFile(join(root, "session-password"), "x");
    await writeFile(join(root, "notes.txt"), "mine");
    await resetDataDir(root);
    expect(await readdir(root)).toEqual(["notes.txt"]);
  });

  it("removes the directory when only demo data was in it", async () => {
    const dataDir = join(root, "demo");
    await mkdir(join(dataDir, "identity"), { recursive: true });
    await resetDataDir(dataDir);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe("lockDataDir", () => {
  it("refuses a second owner while the first runs, naming the lock file", async () => {
    const dataDir = join(root, "demo");
    const lock = await lockDataDir(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toThrow(/another `pnpm demo`.*delete the stale lock/s);
    await lock.release();
    await (await lockDataDir(dataDir)).release();
  });

  it("takes over a stale lock whose pid now belongs to an unrelated process", async () => {
    const dataDir = join(root, "demo");
    const unrelated = spawn("sleep", ["30"]);
    try {
      await writeFile(`${dataDir}.pid`, `${unrelated.pid}\n`);
      const lock = await lockDataDir(dataDir);
      await lock.release();
    } finally {
      unrelated.kill();
    }
  });
});
