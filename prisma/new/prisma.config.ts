// Configuration for the official prisma CLI on the new site's database (NEW_DATABASE_URL):
//   pnpm prisma migrate status --config prisma/new/prisma.config.ts
import { defineConfig } from "prisma/config";
import { prismaSchemaConfig } from "../../scripts/prisma-env.ts";

export default defineConfig(prismaSchemaConfig("new"));
