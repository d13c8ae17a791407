// The prisma CLI run from the repository root without --config: it acts on prisma/app, a site's own database
// (APP_DATABASE_URL), like `pnpm db:migrate:app`. For any other schema name its config:
//   pnpm prisma migrate status --config prisma/shared/prisma.config.ts   (SHARED_DATABASE_URL)
//   pnpm prisma migrate status --config prisma/new/prisma.config.ts      (NEW_DATABASE_URL)
import { defineConfig } from "prisma/config";
import { prismaSchemaConfig } from "./scripts/prisma-env.ts";

export default defineConfig(prismaSchemaConfig("app"));
