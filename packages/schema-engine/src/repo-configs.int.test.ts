// Issue 16 (3, 8): the repository's prisma configs. From the root without --config the CLI acts on prisma/app
// and never tries to download an engine; every config turns the CLI's update check (an outbound lookup) off.

import { createTestDatabase } from "@userbridge/testing/databases";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../test/prisma-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

// As a user's shell has them: no engine chosen, no update check disabled.
const unset = ["PRISMA_SCHEMA_ENGINE_BINARY", "CHECKPOINT_DISABLE"];

describe.concurrent("the prisma CLI from the repository root", { timeout: 300_000 }, () => {
  it.for(["--version", "validate", "migrate --help", "generate --help"])(
    "prisma %s needs no --config and no download",
    async (command) => {
      const args = command.split(" ");
      const result = await prisma(args, { unset });
      expect(result.code, result.output).toBe(0);
      expect(result.output).not.toMatch(/Downloading|127\.0\.0\.1:9\b|ECONNREFUSED/);
      if (args[0] === "--version")
        expect(result.output).toMatch(/Schema Engine\s+: schema-engine-cli \w+ \(wasm, userbridge\)/);
      if (args[0] === "validate") expect(result.output).toContain("prisma/app/schema.prisma is valid");
    },
  );

  it("a bare migrate deploy acts on the app schema and APP_DATABASE_URL", async () => {
    const database = await createTestDatabase("app", "empty");
    cleanups.push(database.drop);
    const result = await prisma(["migrate", "deploy"], { env: { APP_DATABASE_URL: database.url }, unset });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`PostgreSQL database "${database.name}"`);
    expect(result.output).toMatch(/Applying migration `\d+_init`/);
    expect(result.output).toContain("prisma/app/schema.prisma");
  });

  it.for(["prisma.config.ts", "prisma/shared/prisma.config.ts", "prisma/app/prisma.config.ts"])(
    "%s turns the update check off",
    async (config) => {
      const result = await prisma(["validate", "--config", config], {
        env: { DEBUG: "prisma:cli:checkpoint" },
        unset,
      });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(
        "runCheckpointClientCheck() is disabled by the CHECKPOINT_DISABLE env var",
      );
    },
  );
});
