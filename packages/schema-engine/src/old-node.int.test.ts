// Issue 16 (4): the prisma CLI on a Node.js without type stripping (Node 20, which Prisma 7 supports): the
// engine runs through tsx; where it cannot start at all it says what to do, and no command exits 0 unanswered.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { createTestDatabase } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import { ENGINE_BIN, prisma, query } from "../test/prisma-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

/** A `node` without type stripping (Node 20 on these machines): USERBRIDGE_OLD_NODE, else the first on PATH. */
function findOldNode(): string | undefined {
  const onPath = (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "node"));
  for (const candidate of [process.env.USERBRIDGE_OLD_NODE, ...onPath]) {
    if (!candidate) continue;
    try {
      const strips = execFileSync(candidate, ["-p", "Boolean(process.features.typescript)"], {
        encoding: "utf8",
      });
      if (strips.trim() === "false") return candidate;
    } catch {
      // no node there
    }
  }
  return undefined;
}

const oldNode = findOldNode();
if (!oldNode) console.warn("userbridge: skipped the old-Node tests: no node without type stripping found");

/** The official CLI with the old Node first on PATH, as on a machine whose Node is 20. */
function prismaOnOldNode(args: string[], env: Record<string, string>) {
  return prisma(args, { env: { PATH: `${dirname(oldNode as string)}:${process.env.PATH}`, ...env } });
}

const SCHEMA = ["--config", "prisma/shared/prisma.config.ts"];
const DIFF = ["migrate", "diff", "--from-empty", "--to-schema", "prisma/shared/schema.prisma", "--script"];

describe.skipIf(!oldNode)("the prisma CLI on an old Node.js", { timeout: 300_000 }, () => {
  it("runs the engine: migrate diff --script, deploy and status", async () => {
    const database = await createTestDatabase("identity", "empty");
    cleanups.push(database.drop);
    const env = { SHARED_DATABASE_URL: database.url };
    const version = await prismaOnOldNode(["--version"], env);
    expect(version.output).toMatch(/Node\.js\s+: v(1\d|20|21|22)\./);

    const diff = await prismaOnOldNode([...DIFF, ...SCHEMA], env);
    expect(diff.code, diff.output).toBe(0);
    expect(diff.output).toContain('CREATE TABLE "User"');
    const deploy = await prismaOnOldNode(["migrate", "deploy", ...SCHEMA], env);
    expect(deploy.code, deploy.output).toBe(0);
    expect(await query(database.url, `SELECT id FROM "User"`)).toEqual([]);
    const status = await prismaOnOldNode(["migrate", "status", ...SCHEMA], env);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");
  });

  it("without tsx, every command fails non-zero and says what to do", async () => {
    // The package installed on its own, without the repository's tsx.
    const copy = await mkdtemp(join(tmpdir(), "ub-engine-"));
    cleanups.push(() => rm(copy, { recursive: true, force: true }));
    const packageDir = dirname(dirname(ENGINE_BIN));
    for (const part of ["bin", "src", "package.json"])
      await cp(join(packageDir, part), join(copy, part), { recursive: true });
    const env = {
      PRISMA_SCHEMA_ENGINE_BINARY: join(copy, "bin", "schema-engine.js"),
      SHARED_DATABASE_URL: "postgresql://postgres@127.0.0.1:1/unused",
    };
    for (const args of [DIFF, ["migrate", "status"]]) {
      const result = await prismaOnOldNode([...args, ...SCHEMA], env);
      expect(result.code, result.output).not.toBe(0);
      expect(result.output).toContain("cannot run TypeScript files and tsx is not installed");
      expect(result.output).toContain("Node.js >= 22.18");
    }
  });
});
