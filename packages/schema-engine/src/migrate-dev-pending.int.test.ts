// Issue 16 (2): `migrate dev` on a database with pending migrations (a new database, or a teammate's
// migrations) applies them, then turns the schema change into a new migration in the same run.
import { readdir, readFile } from "node:fs/promises";
import { createTestDatabase } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import { query, Workspace } from "../test/prisma-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function emptyDatabaseUrl(): Promise<string> {
  const database = await createTestDatabase("identity", "empty");
  cleanups.push(database.drop);
  return database.url;
}

describe.concurrent("migrate dev with pending migrations", { timeout: 300_000 }, () => {
  it.for([{ shadow: "a temporary shadow database" }, { shadow: "a configured shadow database" }])(
    "applies them and creates the new migration, with $shadow",
    async ({ shadow }) => {
      const url = await emptyDatabaseUrl();
      const shadowUrl = shadow.includes("configured") ? await emptyDatabaseUrl() : undefined;
      const ws = await Workspace.copyOf("shared", url, shadowUrl);
      cleanups.push(() => ws.remove());
      // A teammate's migration (User.nickname) the database has not seen either, then our own change.
      await ws.addMigration("20261127000000_teammate", 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n');
      await ws.addNicknameToUser();
      await ws.editSchema((schema) =>
        schema.replace("  nickname      String?\n", "  nickname      String?\n  bio String?\n"),
      );

      const dev = await ws.prisma(["migrate", "dev", "--name", "bio"]);
      expect(dev.code, dev.output).toBe(0);
      expect(dev.output).toMatch(/Applying migration `\d+_init`/);
      expect(dev.output).toContain("Applying migration `20261127000000_teammate`");
      expect(dev.output).toContain("Your database is now in sync with your schema.");

      const created = (await readdir(ws.path("migrations"))).filter((name) => name.endsWith("_bio"));
      expect(created).toHaveLength(1);
      const sql = await readFile(ws.path("migrations", created[0] as string, "migration.sql"), "utf8");
      expect(sql).toContain('ADD COLUMN     "bio" TEXT');
      expect(sql).not.toContain("nickname");
      expect(await query(url, `SELECT "nickname", "bio" FROM "User"`)).toEqual([]);
      const applied = await query<{ migration_name: string }>(
        url,
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      const folders = (await readdir(ws.path("migrations"))).filter((name) => /^\d+_/.test(name));
      expect(applied.map((row) => row.migration_name)).toEqual(folders.sort());
    },
  );
});
