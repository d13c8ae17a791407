// The embedded databases behind `pnpm demo`: migrated through scripts/migrate.ts, used by createDb, and
// the limits of PGlite's single backend measured, so a PGlite upgrade that changes them is noticed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, runWithRouting } from "@userbridge/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";
import { migrateDatabase } from "./migrate.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

describe("embedded PostgreSQL (PGlite over the wire protocol)", () => {
  let dir: string;
  let identity: EmbeddedPostgres;
  let app: EmbeddedPostgres;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "userbridge-embedded-"));
    identity = await startEmbeddedPostgres({ name: "identity", dataDir: join(dir, "identity") });
    app = await startEmbeddedPostgres({ name: "app", dataDir: join(dir, "app") });
    await Promise.all([
      migrateDatabase({ repoRoot, schema: "shared", url: identity.url, label: "identity" }),
      migrateDatabase({ repoRoot, schema: "app", url: app.url, label: "app" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([identity?.close(), app?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("serves createDb: identity rows in the shared database, admin and site rows in the app database", async () => {
    const db = createDb({ sharedDatabaseUrl: identity.url, appDatabaseUrl: app.url });
    try {
      const user = await db.user.create({ data: { email: "ada@example.test", name: "Ada" } });
      const admin = await runWithRouting({ admin: true }, () =>
        db.user.create({ data: { email: "root@example.test" } }),
      );
      await db.post.create({ data: { title: "hello", authorId: user.id } });

      expect(await db.$using("shared").user.findMany({ select: { email: true } })).toEqual([
        { email: "ada@example.test" },
      ]);
      expect(await db.$using("app").user.findMany({ select: { id: true } })).toEqual([{ id: admin.id }]);
      expect(await db.$using("app").post.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it("answers a full pool of concurrent queries correctly (one backend, multiplexed)", async () => {
    const db = createDb({ sharedDatabaseUrl: identity.url, appDatabaseUrl: app.url, pool: { max: 10 } });
    try {
      const results = await Promise.all(
        Array.from(
          { length: 200 },
          (_, i) => db.$using("app").$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n`,
        ),
      );
      expect(results.map(([row]) => row?.n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(app.stats().activeConnections).toBeLessThanOrEqual(10);
    } finally {
      await db.$disconnect();
    }
  });

  it("shares one session between connections: advisory locks do not exclude each other", async () => {
    const a = new pg.Client({ connectionString: identity.url });
    const b = new pg.Client({ connectionString: identity.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("SELECT pg_advisory_lock(4242)");
      const { rows } = await b.query("SELECT pg_try_advisory_lock(4242) AS got");
      // On a real server this is false. prisma migrate's lock therefore does not serialize two
      // migrate runs against one embedded database: run one at a time (the demo does).
      expect(rows[0].got).toBe(true);
      const [pidA, pidB] = await Promise.all([
        a.query("SELECT pg_backend_pid() AS pid"),
        b.query("SELECT pg_backend_pid() AS pid"),
      ]);
      expect(pidA.rows[0].pid).toBe(pidB.rows[0].pid);
      await a.query("SELECT pg_advisory_unlock_all()");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("is one database whatever name a client asks for: no shadow database for migrate dev", async () => {
    const other = new URL(identity.url);
    other.pathname = "/some_other_database";
    const client = new pg.Client({ connectionString: other.href });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it("refuses connections above maxConnections", async () => {
    const small = await startEmbeddedPostgres({ name: "small", maxConnections: 2 });
    const clients = [1, 2, 3].map(() => new pg.Client({ connectionString: small.url }));
    try {
      const outcomes = await Promise.allSettled(clients.map((client) => client.connect()));
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
      expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(1);
    } finally {
      await Promise.allSettled(clients.map((client) => client.end()));
      await small.close();
    }
  });

  it("keeps its data across a clean close and reopen, and is migrated already", async () => {
    const dataDir = join(dir, "reopen");
    const first = await startEmbeddedPostgres({ name: "reopen", dataDir });
    await migrateDatabase({ repoRoot, schema: "shared", url: first.url, label: "reopen" });
    const db = createDb({ sharedDatabaseUrl: first.url, appDatabaseUrl: app.url });
    await db.user.create({ data: { email: "kept@example.test" } });
    await db.$disconnect();
    await first.close();
    await first.close();

    const second = await startEmbeddedPostgres({ name: "reopen", dataDir });
    const again = createDb({ sharedDatabaseUrl: second.url, appDatabaseUrl: app.url });
    try {
      expect(await again.user.count({ where: { email: "kept@example.test" } })).toBe(1);
      const output: string[] = [];
      await migrateDatabase({
        repoRoot,
        schema: "shared",
        url: second.url,
        label: "reopen",
        onOutput: (line) => output.push(line),
      });
      expect(output.join("\n")).toContain("No pending migrations");
    } finally {
      await again.$disconnect();
      await second.close();
    }
  });
});
