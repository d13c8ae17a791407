// A killed run's embedded servers and data are cleaned up by the next run; live runs' are left alone.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "@userbridge/embedded";
import { describe, expect, it } from "vitest";
import { startOrphanedServer } from "../orphaned-server.ts";
import { createRunDir, removeKilledRuns } from "./run-dirs.ts";

describe("run directories of embedded test servers", () => {
  it("stops the servers of a killed run and deletes its directory, keeping a live run's", async () => {
    const live = await createRunDir();
    // The child names its run directory after itself, as a run does.
    const orphan = await startOrphanedServer(
      join(tmpdir(), "userbridge-test-servers", "{pid}-killed", "identity"),
      "a-password-for-the-killed-run",
    );
    const killedDir = join(tmpdir(), "userbridge-test-servers", `${orphan.childPid}-killed`);
    expect(existsSync(killedDir)).toBe(true);

    expect(await removeKilledRuns()).toBeGreaterThanOrEqual(1);
    expect(isAlive(orphan.postmaster)).toBe(false);
    expect(existsSync(killedDir)).toBe(false);
    expect(existsSync(live)).toBe(true);
    await rm(live, { recursive: true });
  }, 90_000);
});
