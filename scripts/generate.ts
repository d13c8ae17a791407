// `pnpm db:generate` (also run after install): generates both Prisma clients. Needs no database.
import { runPrisma, SCHEMAS } from "./prisma.ts";

for (const schema of SCHEMAS) {
  console.log(`userbridge: generating the ${schema} client (prisma/${schema}/schema.prisma)`);
  const code = runPrisma(schema, ["generate"]);
  if (code !== 0) process.exit(code);
}
