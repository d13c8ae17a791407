// Runs the official prisma CLI for one schema, with the offline engine, and says which database it acts on.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SCHEMAS = ["shared", "app"] as const;
export type SchemaName = (typeof SCHEMAS)[number];

/** The variable that holds each schema's database URL (the same names as @userbridge/db's DATABASE_URL_ENV). */
export const URL_ENV = { shared: "SHARED_DATABASE_URL", app: "APP_DATABASE_URL" } as const satisfies Record<
  SchemaName,
  string
>;

export function isSchemaName(value: string | undefined): value is SchemaName {
  return SCHEMAS.includes(value as SchemaName);
}

export function configPath(schema: SchemaName): string {
  return fileURLToPath(new URL(`../prisma/${schema}/prisma.config.ts`, import.meta.url));
}

/** Runs `prisma <args> --config prisma/<schema>/prisma.config.ts`; returns its exit code. */
export function runPrisma(
  schema: SchemaName,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  stdio: "inherit" | "ignore" = "inherit",
): number {
  const result = spawnSync("prisma", [...args, "--config", configPath(schema)], {
    stdio,
    env,
    cwd: fileURLToPath(new URL("..", import.meta.url)),
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
