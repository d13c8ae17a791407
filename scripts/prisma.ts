// Runs the official prisma CLI for one schema (prisma/<schema>/prisma.config.ts), with the offline engine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SchemaName } from "./schemas.ts";

export type { SchemaName } from "./schemas.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

export function configPath(schema: SchemaName): string {
  return fileURLToPath(new URL(`../prisma/${schema}/prisma.config.ts`, import.meta.url));
}

/** Runs `prisma <args> --config prisma/<schema>/prisma.config.ts` from the repository root; returns its exit code. */
export function runPrisma(
  schema: SchemaName,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  stdio: "inherit" | "ignore" = "inherit",
): number {
  const result = spawnSync("prisma", [...args, "--config", configPath(schema)], {
    stdio,
    env,
    cwd: REPO_ROOT,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
