// Sanity checks of the integration harness itself: servers, templates, isolation, server control.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  crashServer,
  createTestDatabase,
  type ServerName,
  serverAdminUrl,
  skipUnlessServerControl,
  startServer,
  stopServer,
  type TestDatabase,
  testPgBouncer,
} from "./databases.ts";
import { itHasADatabaseOfItsOwn } from "./harness/isolation.ts";
import { query, tables } from "./sql.ts";

const created: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((database) => database.drop()));
});

async function track(database: Promise<TestDatabase>): Promise<TestDatabase> {
  created.push(await database);
  return created.at(-1) as TestDatabase;
}

describe("test harness", () => {
  itHasADatabaseOfItsOwn();

  it("gives every call a new database", async () => {
    const first = await track(createTestDatabase("identity", "shared"));
    const second = await track(createTestDatabase("identity", "shared"));
    expect(first.name).not.toBe(second.name);
    expect(first.url).not.toBe(second.url);
  });

  it("clones the shared template with every migration applied", async () => {
    const database = await track(createTestDatabase("identity", "shared"));
    const names = await tables(database.url);
    expect(names).toEqual(expect.arrayContaining(["User", "Session", "_prisma_migrations"]));
    expect(names).not.toContain("Post");
    const [pending] = await query<{ count: string }>(
      database.url,
      "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NULL OR rolled_back_at IS NOT NULL",
    );
    expect(pending?.count).toBe("0");
  });

  it("clones the app template on the app server, twice (old and new site)", async () => {
    const oldSite = await track(createTestDatabase("app", "app"));
    const newSite = await track(createTestDatabase("app", "app"));
    for (const database of [oldSite, newSite]) {
      expect(await tables(database.url)).toEqual(
        expect.arrayContaining(["User", "Session", "Post", "_prisma_migrations"]),
      );
    }
  });

  it("reaches each database at `url` (through PgBouncer when the run uses one) and at `directUrl`", async () => {
    const database = await track(createTestDatabase("identity", "shared"));
    const at = (url: string) =>
      query<{ db: string; port: number }>(url, "SELECT current_database() AS db, inet_server_port() AS port");
    const [pooled] = await at(database.url);
    const [direct] = await at(database.directUrl);
    expect(pooled).toEqual(direct);
    expect(direct?.db).toBe(database.name); // (the port is the server's own: a container publishes another)
    expect(database.pooled).toBe(testPgBouncer() !== undefined);
    expect(database.url === database.directUrl).toBe(!database.pooled);
  });

  it("creates an empty database on request", async () => {
    const database = await track(createTestDatabase("app", "empty"));
    expect(await tables(database.url)).toEqual([]);
  });

  it.for<ServerName>(["identity", "app"])(
    "stops and starts the %s server, on the same URL",
    async (server, context) => {
      skipUnlessServerControl(context);
      const database = await track(createTestDatabase(server, "empty"));
      const connected = new pg.Client({ connectionString: database.url });
      await connected.connect();
      connected.on("error", () => undefined); // the shutdown ends this connection
      try {
        await stopServer(server);
        await expect(query(database.url, "SELECT 1")).rejects.toThrow();
        await expect(connected.query("SELECT 1")).rejects.toThrow();
      } finally {
        await startServer(server);
        await connected.end().catch(() => undefined);
      }
      expect(await query(database.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
      expect(serverAdminUrl(server)).toMatch(/^postgres(ql)?:\/\//);
    },
  );

  it.for<ServerName>(["identity", "app"])(
    "crashes the %s server (SIGKILL) and restarts it with every committed row",
    async (server, context) => {
      skipUnlessServerControl(context);
      const database = await track(createTestDatabase(server, "empty"));
      await query(database.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)");
      try {
        await crashServer(server);
        await expect(query(database.url, "SELECT 1")).rejects.toThrow();
      } finally {
        await startServer(server);
      }
      expect(await query(database.url, "SELECT n FROM kept ORDER BY n")).toEqual([{ n: 1 }, { n: 2 }]);
    },
  );
});
