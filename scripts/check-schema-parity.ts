// `pnpm db:check`: fails, naming every difference, when prisma/app's identity models drift from prisma/shared's.
import { readFileSync } from "node:fs";
import { identityModelDifferences } from "./schema-parity.ts";

const read = (name: string) =>
  readFileSync(new URL(`../prisma/${name}/schema.prisma`, import.meta.url), "utf8");
const differences = identityModelDifferences(read("shared"), read("app"));

if (differences.length > 0) {
  console.error(
    `userbridge: prisma/app's identity models differ from prisma/shared's (${differences.length}):`,
  );
  for (const difference of differences) console.error(`  - ${difference}`);
  console.error(
    "Make prisma/app declare them exactly as prisma/shared does, then `pnpm db:migrate:dev app --name <name>`.",
  );
  process.exit(1);
}
console.log("userbridge: the identity models of prisma/app match prisma/shared field for field.");
