// PgBouncer in transaction mode in front of a test database: queries go through it to the server, one server
// connection serves many clients, and session-scoped features (LISTEN, SET, named prepared statements) do not
// stay with a client, which is why they need a direct URL.

import { existsSync } from "node:fs";
import { DEFAULT_POOL } from "@userbridge/db";
import { isRunningProgram } from "@userbridge/embedded";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, serverAdminUrl, type TestDatabase } from "../databases.ts";
import { runThenKill } from "../replication/killed-child.ts";
import { query } from "../sql.ts";
import { supportsPreparedStatements } from "./pgbouncer-binary.ts";
import { livePgBouncer, removeKilledPgBouncers } from "./pgbouncer-run-dirs.ts";
import { type PgBouncer, startPgBouncer } from "./start-pgbouncer.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase("app", "empty");
});
afterAll(() => database?.drop());

async function connect(url: string, config: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, ...config });
  await client.connect();
  return client;
}

async function withClients<T>(urls: string[], fn: (...clients: pg.Client[]) => Promise<T>): Promise<T> {
  const clients = await Promise.all(urls.map((url) => connect(url)));
  try {
    return await fn(...clients);
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

describe("PgBouncer in transaction mode, one server connection", () => {
  let bouncer: PgBouncer;
  beforeAll(async () => {
    bouncer = await startPgBouncer({
      targets: { app: database.directUrl },
      poolMode: "transaction",
      poolSize: 1,
    });
  });
  afterAll(() => bouncer?.close());

  it("passes queries to the target database, and its admin console shows the pool", async () => {
    const [row] = await query<{ db: string; port: number }>(
      bouncer.url("app"),
      "SELECT current_database() AS db, inet_server_port() AS port",
    );
    // The server's own port, as the server reports it (a container's differs from its published port).
    const [direct] = await query<{ port: number }>(database.directUrl, "SELECT inet_server_port() AS port");
    expect(row).toEqual({ db: database.name, port: direct?.port });
    expect(row?.port).not.toBe(bouncer.port);
    // Parameters: the extended protocol with an unnamed statement, as Prisma's adapter-pg sends them.
    const client = await connect(bouncer.url("app"));
    try {
      const { rows } = await client.query("SELECT $1::int + 1 AS n", [41]);
      expect(rows).toEqual([{ n: 42 }]);
    } finally {
      await client.end();
    }
    const pools = await query<{ database: string; pool_mode: string }>(bouncer.adminUrl, "SHOW POOLS");
    expect(pools.find((pool) => pool.database === "app")).toMatchObject({ pool_mode: "transaction" });
  });

  it("gives two clients the same server session, so a SET leaks from one to the other", async () => {
    await withClients([bouncer.url("app"), bouncer.url("app")], async (a, b) => {
      const pid = async (client: pg.Client) =>
        (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      expect(await pid(a)).toBe(await pid(b));
      await a.query("SET statement_timeout = '1234ms'");
      expect((await b.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("1234ms");
      await a.query("RESET statement_timeout");
    });
  });

  it("does not keep a LISTEN across transactions: notifications need a direct URL", async () => {
    await withClients(
      [bouncer.url("app"), database.directUrl, database.directUrl],
      async (pooled, direct, notifier) => {
        const received = { pooled: [] as string[], direct: [] as string[] };
        pooled.on("notification", (message) => received.pooled.push(message.payload ?? ""));
        direct.on("notification", (message) => received.direct.push(message.payload ?? ""));
        await pooled.query("LISTEN ub_changes");
        await direct.query("LISTEN ub_changes");
        await notifier.query("NOTIFY ub_changes, 'first'");
        await new Promise((resolve) => setTimeout(resolve, 500));
        // The pooled client's next transaction may run on the server connection that did LISTEN (pool of 1),
        // and still gets nothing: PgBouncer drops what the server sends while no client holds the connection.
        await pooled.query("SELECT 1");
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(received).toEqual({ pooled: [], direct: ["first"] });
      },
    );
  });

  it("handles named prepared statements of two clients only with max_prepared_statements (1.21+)", async () => {
    const named = { name: "ub_named", text: "SELECT $1::int AS n" };
    const outcome = await withClients([bouncer.url("app"), bouncer.url("app")], async (a, b) => {
      await a.query({ ...named, values: [1] });
      // b has not prepared ub_named, so it sends Parse again, on the server connection a prepared it on.
      return b.query({ ...named, values: [2] }).then(
        ({ rows }) => `ok ${rows[0].n}`,
        (error: { code?: string }) => `error ${error.code}`,
      );
    });
    // 42P05: prepared statement "ub_named" already exists.
    expect(outcome).toBe(supportsPreparedStatements(bouncer.version) ? "ok 2" : "error 42P05");
  });
});

describe("startup parameters PgBouncer does not know", () => {
  let strict: PgBouncer;
  let lenient: PgBouncer;
  beforeAll(async () => {
    [strict, lenient] = await Promise.all([
      startPgBouncer({ targets: { app: database.directUrl } }),
      startPgBouncer({
        targets: { app: database.directUrl },
        ignoreStartupParameters: ["statement_timeout"],
      }),
    ]);
  });
  afterAll(() => Promise.all([strict?.close(), lenient?.close()]));

  it("refuses node-pg's statement_timeout, or drops it when told to ignore it", async () => {
    await expect(connect(strict.url("app"), { statement_timeout: 4_000 })).rejects.toThrow(
      /unsupported startup parameter/,
    );
    const client = await connect(lenient.url("app"), { statement_timeout: 4_000 });
    try {
      expect((await client.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("0");
    } finally {
      await client.end();
    }
  });
});

describe("statement_timeout behind PgBouncer, as userbridge's docs say to set it", () => {
  let timed: TestDatabase;
  let strict: PgBouncer;
  beforeAll(async () => {
    timed = await createTestDatabase("app", "empty");
    // The database's (or the role's) own setting: the server applies it to every session PgBouncer opens.
    await query(timed.directUrl, `ALTER DATABASE "${timed.name}" SET statement_timeout = '300ms'`);
    strict = await startPgBouncer({ targets: { app: timed.directUrl } });
  });
  afterAll(async () => {
    await strict?.close();
    await timed?.drop();
  });

  it("refuses createDb's DEFAULT_POOL, takes it with statement_timeout: false, and the database's timeout applies", async () => {
    const refused = new pg.Pool({ ...DEFAULT_POOL, connectionString: strict.url("app") });
    await expect(refused.query("SELECT 1")).rejects.toThrow(
      /unsupported startup parameter: statement_timeout/,
    );
    await refused.end();
    const pool = new pg.Pool({
      ...DEFAULT_POOL,
      statement_timeout: false,
      connectionString: strict.url("app"),
    });
    try {
      expect((await pool.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("300ms");
      await expect(pool.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
    } finally {
      await pool.end();
    }
  });
});

describe("PgBouncer with a `*` entry in front of a whole server", () => {
  it("reaches a database created after it started, by name, as the server URL's user", async () => {
    const bouncer = await startPgBouncer({ fallback: serverAdminUrl("app") });
    const later = await createTestDatabase("app", "empty");
    try {
      const [row] = await query<{ db: string }>(bouncer.url(later.name), "SELECT current_database() AS db");
      expect(row?.db).toBe(later.name);
      expect(new URL(bouncer.url(later.name)).port).toBe(String(bouncer.port));
    } finally {
      await bouncer.close();
      await later.drop();
    }
  });
});

describe("a killed process's PgBouncer", () => {
  it("is stopped and its directory deleted by the next start", async () => {
    const module = JSON.stringify(new URL("./start-pgbouncer.ts", import.meta.url).pathname);
    const { dir } = await runThenKill<{ dir: string }>(`
      import { startPgBouncer } from ${module};
      const bouncer = await startPgBouncer({ targets: { app: ${JSON.stringify(database.directUrl)} } });
      console.log(JSON.stringify({ dir: bouncer.dir }));
      setInterval(() => {}, 1000);`);
    const pid = await livePgBouncer(dir);
    expect(pid).toBeDefined();
    expect(await removeKilledPgBouncers()).toBeGreaterThanOrEqual(1);
    expect(isRunningProgram(pid as number, ["pgbouncer"])).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
