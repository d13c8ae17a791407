// Issue 16 (5): a server that stops answering mid-migration. The CLI must not hang, and must say what
// happened (not "can't reach", P1001) and what it means for the migration.

import { createTestDatabase } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import { query, Workspace } from "../test/prisma-cli.ts";
import { startStallingProxy } from "../test/stalling-proxy.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function database() {
  const created = await createTestDatabase("identity", "empty");
  cleanups.push(created.drop);
  return created;
}

async function workspace(url: string): Promise<Workspace> {
  const ws = await Workspace.copyOf("shared", url);
  cleanups.push(() => ws.remove());
  return ws;
}

describe.concurrent("a server that stops answering", { timeout: 300_000 }, () => {
  it("migrate deploy fails within seconds with P1008, naming the migration it interrupted", async () => {
    const { url } = await database();
    const target = new URL(url);
    const proxy = await startStallingProxy(
      { host: target.hostname, port: Number(target.port || 5432) },
      "ub_stall_here",
    );
    cleanups.push(() => proxy.close());
    const proxied = new URL(proxy.urlFor(url));
    proxied.searchParams.set("connect_timeout", "2");
    const ws = await workspace(proxied.toString());
    await ws.addMigration("20990101000000_stalls", 'CREATE TABLE "ub_stall_here" (id int);\n');

    const deploy = await ws.prisma(["migrate", "deploy"]);
    expect(proxy.stalled).toBe(true);
    expect(deploy.code, deploy.output).not.toBe(0);
    // The probe finds the server silent in about 7 s; the rest is the CLI itself on a loaded machine.
    expect(deploy.ms).toBeLessThan(80_000);
    expect(deploy.output).toContain("P1008");
    expect(deploy.output).toContain("stopped answering");
    expect(deploy.output).toContain("This happened while applying migration `20990101000000_stalls`");
    expect(deploy.output).toContain("prisma migrate status");
    expect(deploy.output).not.toMatch(/P1001|Can't reach/);
    // Indeed never applied: the server never received it.
    const tables = await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'ub_stall_here'`);
    expect(tables).toEqual([]);
  });

  it("a slow migration on a server that answers is waited for", async () => {
    const { url } = await database();
    const ws = await workspace(url);
    // Longer than the wait after which the engine checks on the server.
    await ws.addMigration("20990101000000_slow", 'SELECT pg_sleep(7);\nCREATE TABLE "Slow" (id int);\n');
    const deploy = await ws.prisma(["migrate", "deploy"]);
    expect(deploy.code, deploy.output).toBe(0);
    expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Slow'`)).toHaveLength(1);
  });

  it("socket_timeout bounds each answer, reported as P1008, not P1001", async () => {
    const { url } = await database();
    const bounded = new URL(url);
    bounded.searchParams.set("socket_timeout", "2");
    const ws = await workspace(bounded.toString());
    await ws.addMigration("20990101000000_slow", "SELECT pg_sleep(6);\n");
    const deploy = await ws.prisma(["migrate", "deploy"]);
    expect(deploy.code, deploy.output).not.toBe(0);
    expect(deploy.output).toContain("P1008");
    expect(deploy.output).toContain("Operations timed out after `2s`");
    expect(deploy.output).toContain("socket_timeout");
    expect(deploy.output).not.toMatch(/P1001|Can't reach/);
  });
});
