// Configuration for the official prisma CLI on the shared database:
//   pnpm prisma migrate dev --config prisma/shared/prisma.config.ts
import { defineConfig } from "prisma/config";
import { prismaDatasource, useOfflineSchemaEngine } from "../../scripts/prisma-env.ts";

useOfflineSchemaEngine();

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: prismaDatasource("shared"),
});
