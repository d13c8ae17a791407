// Configuration for the official prisma CLI on the shared (identity) database:
//   pnpm prisma migrate dev --config prisma/shared/prisma.config.ts
import { defineConfig } from "prisma/config";
import { prismaSchemaConfig } from "../../scripts/prisma-env.ts";

export default defineConfig(prismaSchemaConfig("shared"));
