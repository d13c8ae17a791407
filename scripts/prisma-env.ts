// Shared by the prisma.config.ts files (the root one and prisma/<name>/): what the official prisma CLI needs to
// run offline, and each schema's paths and database.
//
// The prisma CLI loads these files itself, without the @userbridge/source condition, so nothing here may
// import a workspace package's source (@userbridge/db/config imports @userbridge/router, whose default export
// is dist/, absent before `pnpm build`: `prisma generate` runs at install). The variable names below are
// therefore spelled out again; scripts/prisma-env.test.ts checks them against @userbridge/db/config's
// databaseUrlVariable and shadowDatabaseUrlVariable, the one mapping.
import { fileURLToPath } from "node:url";
import { schemaNameProblem } from "./schemas.ts";

/**
 * Keeps the prisma CLI from reaching out: it uses userbridge's wasm schema engine unless the user chose an
 * engine (a native binary) through PRISMA_SCHEMA_ENGINE_BINARY themselves, and skips its update check
 * (a lookup of checkpoint.prisma.io on every command) unless CHECKPOINT_DISABLE is set already.
 */
export function runOffline(): void {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
    new URL("../packages/schema-engine/bin/schema-engine.js", import.meta.url),
  );
  process.env.CHECKPOINT_DISABLE ??= "1";
}

/** The variables holding `name`'s database URL and shadow database URL (`blog-v2` -> `BLOG_V2_...`). */
export function datasourceVariables(name: string): { url: string; shadowDatabaseUrl: string } {
  const prefix = name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return { url: `${prefix}_DATABASE_URL`, shadowDatabaseUrl: `${prefix}_SHADOW_DATABASE_URL` };
}

/** The datasource block for one schema; empty when unset so `prisma generate` works without a database. */
export function prismaDatasource(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): { url?: string; shadowDatabaseUrl?: string } {
  const variables = datasourceVariables(name);
  const url = env[variables.url];
  const shadowDatabaseUrl = env[variables.shadowDatabaseUrl];
  return { ...(url ? { url } : {}), ...(shadowDatabaseUrl ? { shadowDatabaseUrl } : {}) };
}

/**
 * The whole configuration for the schema prisma/<name>/, with absolute paths so that any config file can use
 * it (a config's relative paths are resolved from its own folder). Runs `runOffline()` too.
 */
export function prismaSchemaConfig(name: string) {
  const problem = schemaNameProblem(name);
  if (problem) throw new Error(`userbridge: ${problem}`);
  runOffline();
  const path = (file: string) => fileURLToPath(new URL(`../prisma/${name}/${file}`, import.meta.url));
  return {
    schema: path("schema.prisma"),
    migrations: { path: path("migrations") },
    datasource: prismaDatasource(name),
  };
}
