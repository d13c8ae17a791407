// `pnpm db:generate [<schema>...]` (also run after install): generates the Prisma client of every schema under
// prisma/, or of the named ones, into packages/clients/src/<schema>/. Needs no database.
import { parseCommandLine, printedHelp, runScript } from "./cli.ts";
import { runPrisma } from "./prisma.ts";
import { resolveSchemas, schemaNames } from "./schemas.ts";

const usage = () => `usage: pnpm db:generate [<schema>...]   (every schema when none is named)
schemas: ${schemaNames().join(", ")}`;

function main(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, {});
  if (printedHelp(values, usage)) return 0;
  for (const schema of resolveSchemas(positionals)) {
    console.log(`userbridge: generating the ${schema} client (prisma/${schema}/schema.prisma)`);
    const code = runPrisma(schema, ["generate"]);
    if (code !== 0) return code;
  }
  return 0;
}

await runScript(usage, () => main(process.argv.slice(2)));
