// The embedded PostgreSQL server behind `pnpm demo` and the test harness's embedded mode: a real
// PostgreSQL 18 that stops, crashes and restarts on the same URL, and needs no manual clean-up after a
// killed run, a taken port or an interrupted initdb.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOrphanedServer } from "@userbridge/testing/orphaned-server";
import { query } from "@userbridge/testing/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgresServer } from "./postgres-server.js";
import { isAlive, waitForExit } from "./processes.js";

const PASSWORD = "a-test-password-for-the-embedded-server";
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "userbridge-pg-server-"));
  await chmod(root, 0o755); // the server runs as `postgres` when the tests run as root
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("an embedded PostgreSQL server", () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer({ name: "test", dataDir: join(root, "main"), password: PASSWORD });
  });
  afterAll(() => server?.stop());

  it("is a real PostgreSQL 18 on 127.0.0.1, with password authentication", async () => {
    expect(server.created).toBe(true);
    const [row] = await query<{ version: string }>(server.url("postgres"), "SELECT version()");
    expect(row?.version).toMatch(/^PostgreSQL 18\./);
    const wrong = new URL(server.url("postgres"));
    wrong.password = "not-the-password";
    await expect(query(wrong.href, "SELECT 1")).rejects.toThrow(/password authentication failed/);
  });

  it("stops, and starts again on the same URL with its data", async () => {
    await query(server.url("postgres"), "CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)");
    const url = server.url("postgres");
    await server.stop();
    await expect(query(url, "SELECT 1")).rejects.toThrow();
    await server.start();
    expect(server.url("postgres")).toBe(url);
    expect(await query(url, "SELECT n FROM kept")).toEqual([{ n: 1 }]);
  });

  it("recovers from a crash (SIGKILL) with every committed row", async () => {
    await query(server.url("postgres"), "INSERT INTO kept VALUES (2)");
    await server.crash();
    await expect(query(server.url("postgres"), "SELECT 1")).rejects.toThrow();
    await server.start();
    expect(await query(server.url("postgres"), "SELECT n FROM kept ORDER BY n")).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });
});

describe("no manual clean-up", () => {
  it("stops the server a killed process left running, and reuses its data directory", async () => {
    const dataDir = join(root, "orphaned");
    const { postmaster: orphan, port } = await startOrphanedServer(dataDir, PASSWORD);

    const server = await startPostgresServer({
      name: "again",
      dataDir,
      password: PASSWORD,
      port: Number(port),
    });
    try {
      expect(await waitForExit(orphan, 1_000)).toBe(true);
      expect(server.created).toBe(false);
      expect(server.port).toBe(Number(port));
      expect(await query(server.url("postgres"), "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await server.stop();
    }
    expect(isAlive(orphan)).toBe(false);
  }, 60_000);

  it("moves to another port when its port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    const server = await startPostgresServer({
      name: "moved",
      dataDir: join(root, "moved"),
      password: PASSWORD,
      port: taken,
    });
    try {
      expect(server.port).not.toBe(taken);
      expect(await query(server.url("postgres"), "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await server.stop();
      blocker.close();
    }
  });

  it("says so when a pinned port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await expect(
        startPostgresServer({
          name: "pinned",
          dataDir: join(root, "pinned"),
          password: PASSWORD,
          port: taken,
          pinPort: true,
        }),
      ).rejects.toThrow(`port ${taken} on 127.0.0.1 is taken`);
    } finally {
      blocker.close();
    }
  });

  it("replaces what an interrupted initdb left, and refuses a directory that is not its own", async () => {
    const dataDir = join(root, "interrupted");
    await mkdir(`${dataDir}.initdb/base`, { recursive: true });
    const server = await startPostgresServer({ name: "fresh", dataDir, password: PASSWORD });
    await server.stop();
    expect(server.created).toBe(true);
    expect((await readdir(root)).filter((entry) => entry.startsWith("interrupted"))).toEqual([
      "interrupted",
      "interrupted.log",
    ]);

    const foreign = join(root, "foreign");
    await mkdir(foreign);
    await writeFile(join(foreign, "notes.txt"), "mine");
    await expect(
      startPostgresServer({ name: "foreign", dataDir: foreign, password: PASSWORD }),
    ).rejects.toThrow(/is not empty and holds no PostgreSQL data directory/);
  });

  it("starts in a private (0700) directory of the caller's, also as root (the server then runs as `postgres`)", async () => {
    const own = await mkdtemp(join(tmpdir(), "userbridge-pg-private-"));
    try {
      const server = await startPostgresServer({
        name: "private",
        dataDir: join(own, "pg"),
        password: PASSWORD,
      });
      await server.stop();
      expect(server.created).toBe(true);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
