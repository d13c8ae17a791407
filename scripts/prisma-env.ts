// Shared by prisma/*/prisma.config.ts: what the official prisma CLI needs to run offline.
import { fileURLToPath } from "node:url";
import { URL_ENV } from "./prisma.ts";

/**
 * Points the prisma CLI at userbridge's wasm schema engine, unless the user chose an engine
 * (a native binary) through PRISMA_SCHEMA_ENGINE_BINARY themselves.
 */
export function useOfflineSchemaEngine(): void {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
    new URL("../packages/schema-engine/bin/schema-engine.js", import.meta.url),
  );
}

const SHADOW_URL_ENV = {
  shared: "SHARED_SHADOW_DATABASE_URL",
  app: "APP_SHADOW_DATABASE_URL",
} as const;

/** The datasource block for one schema; empty when unset so `prisma generate` works without a database. */
export function prismaDatasource(name: keyof typeof URL_ENV): { url?: string; shadowDatabaseUrl?: string } {
  const url = process.env[URL_ENV[name]];
  const shadowDatabaseUrl = process.env[SHADOW_URL_ENV[name]];
  return { ...(url ? { url } : {}), ...(shadowDatabaseUrl ? { shadowDatabaseUrl } : {}) };
}
