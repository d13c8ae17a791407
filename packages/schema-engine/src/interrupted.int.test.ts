// Issue 16 (1): no `prisma_migrate_shadow_db_*` database is left behind, even when `migrate dev` is interrupted
// (Ctrl-C in a terminal signals the CLI and the engine alike) while it replays the migrations in the shadow.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { ENGINE_BIN, REPO_ROOT } from "../test/prisma-cli.ts";
import { workspaceOfNewRole } from "../test/roles.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Polls `check` every 200 ms until it holds or `ms` pass; returns whether it held. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

describe("an interrupted migrate dev", { timeout: 300_000 }, () => {
  it("Ctrl-C while the shadow database replays the migrations drops it", async () => {
    const { role, ws } = await workspaceOfNewRole(cleanups);
    await ws.addMigration("20990101000000_slow", "SELECT pg_sleep(60);\n");

    // Its own process group, as a terminal's foreground job: the signal reaches the CLI and the engine.
    const cli = spawn(
      `${REPO_ROOT}/node_modules/.bin/prisma`,
      ["migrate", "dev", "--name", "x", "--config", "prisma.config.ts"],
      {
        cwd: ws.dir,
        detached: true,
        stdio: "ignore",
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: ENGINE_BIN,
          CHECKPOINT_DISABLE: "1",
          NO_COLOR: "1",
        },
      },
    );
    const exited = new Promise((resolve) => cli.on("exit", resolve));
    cleanups.push(async () => {
      if (cli.exitCode === null) process.kill(-(cli.pid as number), "SIGKILL");
    });
    const replaying = await within(60_000, async () => (await role.shadowDatabases()).length > 0);
    expect(replaying, "migrate dev created a shadow database").toBe(true);
    await sleep(1_000); // well inside the 60 s pg_sleep of the replay
    process.kill(-(cli.pid as number), "SIGINT");
    await Promise.race([exited, sleep(20_000)]);

    expect(await within(10_000, async () => (await role.shadowDatabases()).length === 0)).toBe(true);
  });
});
