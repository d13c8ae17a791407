// Shared by the prisma.config.ts files (the root one and prisma/*/): what the official prisma CLI needs to run
// offline, and each schema's paths and database.
import { fileURLToPath } from "node:url";
import { type SchemaName, URL_ENV } from "./prisma.ts";

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

const SHADOW_URL_ENV = {
  shared: "SHARED_SHADOW_DATABASE_URL",
  app: "APP_SHADOW_DATABASE_URL",
} as const satisfies Record<SchemaName, string>;

/** The datasource block for one schema; empty when unset so `prisma generate` works without a database. */
export function prismaDatasource(name: SchemaName): { url?: string; shadowDatabaseUrl?: string } {
  const url = process.env[URL_ENV[name]];
  const shadowDatabaseUrl = process.env[SHADOW_URL_ENV[name]];
  return { ...(url ? { url } : {}), ...(shadowDatabaseUrl ? { shadowDatabaseUrl } : {}) };
}

/**
 * The whole configuration for one schema, with absolute paths so that any config file can use it (a config's
 * relative paths are resolved from its own folder). Runs `runOffline()` too.
 */
export function prismaSchemaConfig(name: SchemaName) {
  runOffline();
  const path = (file: string) => fileURLToPath(new URL(`../prisma/${name}/${file}`, import.meta.url));
  return {
    schema: path("schema.prisma"),
    migrations: { path: path("migrations") },
    datasource: prismaDatasource(name),
  };
}
