// Configuration for the official prisma CLI on the app (site) database:
//   pnpm prisma migrate dev --config prisma/app/prisma.config.ts
import { defineConfig } from "prisma/config";
import { prismaSchemaConfig } from "../../scripts/prisma-env.ts";

export default defineConfig(prismaSchemaConfig("app"));
