// `pnpm db:check [<schema>...]`: fails, naming every difference and its schema, when a site schema's identity
// models drift from prisma/shared's. Checks every site schema under prisma/ unless some are named.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCommandLine, printedHelp, runScript, UsageError } from "./cli.ts";
import { identityModelDifferences } from "./schema-parity.ts";
import { IDENTITY_SCHEMA, PRISMA_DIR, resolveSchemas, siteSchemaNames } from "./schemas.ts";

const usage = () => `usage: pnpm db:check [<site schema>...]   (every site schema when none is named)
site schemas: ${siteSchemaNames().join(", ")}`;

const read = (name: string) => readFileSync(join(PRISMA_DIR, name, "schema.prisma"), "utf8");

function main(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, {});
  if (printedHelp(values, usage)) return 0;
  if (positionals.includes(IDENTITY_SCHEMA)) {
    throw new UsageError(
      `${IDENTITY_SCHEMA} is the identity schema: db:check compares the site schemas with it`,
    );
  }
  const sites = resolveSchemas(positionals, siteSchemaNames(), "site schemas");
  if (sites.length === 0) {
    console.log("userbridge: no site schema under prisma/ (only prisma/shared): nothing to check.");
    return 0;
  }
  const shared = read(IDENTITY_SCHEMA);
  let failed = 0;
  for (const site of sites) {
    const differences = identityModelDifferences(shared, read(site), site);
    if (differences.length === 0) continue;
    failed++;
    console.error(
      `userbridge: prisma/${site}'s identity models differ from prisma/shared's (${differences.length}):`,
    );
    for (const difference of differences) console.error(`  - ${site}: ${difference}`);
    console.error(
      `Make prisma/${site} declare them exactly as prisma/shared does, then \`pnpm db:migrate:dev ${site} --name <name>\`.`,
    );
  }
  if (failed > 0) return 1;
  console.log(
    `userbridge: the identity models of ${sites.map((site) => `prisma/${site}`).join(", ")} match prisma/shared field for field.`,
  );
  return 0;
}

await runScript(usage, () => main(process.argv.slice(2)));
