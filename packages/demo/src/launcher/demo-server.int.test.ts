// The demo's one embedded server as its users meet it: three separate databases on one real PostgreSQL,
// the same URLs after a restart, session-level features PGlite lacked, and `pnpm db:migrate:dev` (which
// needs a shadow database) against a demo database.
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PostgresServer } from "@userbridge/embedded";
import { runCommand } from "@userbridge/testing/run-command";
import { query, tables } from "@userbridge/testing/sql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, startDemoServer } from "./demo-server.js";
import { migrateDatabase } from "./migrate.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

describe("the demo's embedded PostgreSQL server", () => {
  let dataDir: string;
  let server: PostgresServer;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "userbridge-demo-server-"));
    await chmod(dataDir, 0o755);
    server = await startDemoServer(dataDir);
    for (const name of ["identity", "old", "new"]) expect(await ensureDatabase(server, name)).toBe(true);
    await migrateDatabase({ repoRoot, schema: "app", url: server.url("old"), label: "old" });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("holds three separate databases", async () => {
    expect(await ensureDatabase(server, "old")).toBe(false);
    expect(await tables(server.url("old"))).toContain("Post");
    expect(await tables(server.url("new"))).toEqual([]);
    expect(await tables(server.url("identity"))).toEqual([]);
  });

  it("keeps its URLs (port and password) across a restart", async () => {
    const before = server.url("old");
    await server.stop();
    server = await startDemoServer(dataDir);
    expect(server.created).toBe(false);
    expect(server.url("old")).toBe(before);
    expect(await tables(server.url("old"))).toContain("Post");
  });

  it("is a real server: an advisory lock held on one connection excludes another", async () => {
    const a = new pg.Client({ connectionString: server.url("identity") });
    const b = new pg.Client({ connectionString: server.url("identity") });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("SELECT pg_advisory_lock(4242)");
      const { rows } = await b.query("SELECT pg_try_advisory_lock(4242) AS got");
      expect(rows[0].got).toBe(false);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("runs `pnpm db:migrate:dev` against a demo database, through a temporary shadow database", async () => {
    const migrations = join(repoRoot, "prisma", "app", "migrations");
    const before = await readdir(migrations);
    const result = await runCommand(
      process.execPath,
      [
        "--conditions=@userbridge/source",
        "--import",
        "tsx",
        "scripts/migrate.ts",
        "dev",
        "app",
        "--name",
        "check",
      ],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          APP_DATABASE_URL: server.url("old"),
          APP_SHADOW_DATABASE_URL: "",
          PATH: [join(repoRoot, "node_modules", ".bin"), process.env.PATH].join(delimiter),
        },
        timeoutMs: 120_000,
      },
    );
    expect(result.output).toContain("Already in sync");
    expect(result.code).toBe(0);
    expect(await readdir(migrations)).toEqual(before);
    const shadows = await query(
      server.url("postgres"),
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
    );
    expect(shadows).toEqual([]);
  }, 150_000);
});
