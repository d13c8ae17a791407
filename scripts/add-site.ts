// `pnpm db:add-site <name>`: a new site schema prisma/<name>/ (the identity models and migrations, a place for
// the site's own models), and its client @userbridge/clients/<name>. Prints the next steps.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { databaseUrlVariable } from "@userbridge/db/config";
import { parseCommandLine, printedHelp, runScript, UsageError } from "./cli.ts";
import { runPrisma } from "./prisma.ts";
import { IDENTITY_SCHEMA, PRISMA_DIR, schemaNameProblem, schemaNames } from "./schemas.ts";
import { SITE_MODELS_MARKER, writeSiteSchema } from "./site-scaffold.ts";

const usage =
  () => `usage: pnpm db:add-site <name>   a new site schema prisma/<name>/ and its client @userbridge/clients/<name>
name: lower-case letters, digits and "-", starting with a letter; the schemas so far: ${schemaNames().join(", ")}`;

function main(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, {});
  if (printedHelp(values, usage)) return 0;
  if (positionals.length !== 1) throw new UsageError("name the new site schema, once");
  const name = positionals[0] as string;
  const problem = schemaNameProblem(name);
  if (problem) throw new UsageError(problem);
  const folder = join(PRISMA_DIR, name);
  if (name === IDENTITY_SCHEMA || existsSync(folder)) {
    console.error(
      `userbridge: prisma/${name} exists already: choose another name (the schemas: ${schemaNames().join(", ")})`,
    );
    return 1;
  }

  // Written next to its final place, then renamed: a failure leaves no half schema behind.
  const staging = join(PRISMA_DIR, `.${name}.partial`);
  rmSync(staging, { recursive: true, force: true });
  try {
    writeSiteSchema({
      prismaDir: PRISMA_DIR,
      name,
      into: staging,
      sharedSchema: readFileSync(join(PRISMA_DIR, IDENTITY_SCHEMA, "schema.prisma"), "utf8"),
      urlVariable: databaseUrlVariable(name),
    });
    renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  console.log(
    `userbridge: created prisma/${name}/: schema.prisma (the identity models as in prisma/shared), prisma.config.ts,\n` +
      `  and migrations/ (a copy of prisma/shared's: the identity tables, with the same SQL as every site's)`,
  );

  console.log(`userbridge: generating the ${name} client (@userbridge/clients/${name})`);
  const code = runPrisma(name, ["generate"]);
  if (code !== 0) return code;
  console.log(nextSteps(name));
  return 0;
}

function nextSteps(name: string): string {
  const url = databaseUrlVariable(name);
  return `
Next steps (docs/add-a-site.md):
  1. Add the site's models to prisma/${name}/schema.prisma, below "${SITE_MODELS_MARKER}".
  2. Create their migration on a development database, then regenerate the client:
       ${url}=postgresql://... pnpm db:migrate:dev ${name} --name init
       pnpm db:generate ${name}
  3. In the site's code (its package depends on @userbridge/clients and @userbridge/db):
       import { PrismaClient } from "@userbridge/clients/${name}";
       import { createDb } from "@userbridge/db";
       export const db = createDb({ appClient: PrismaClient });
     and run the site with APP_DATABASE_URL=<the ${name} database> and SHARED_DATABASE_URL=<the identity database>.
  4. pnpm db:check   (the identity models of prisma/${name} must stay those of prisma/shared)
Deploy with ${url}=... pnpm db:migrate ${name}.`;
}

await runScript(usage, () => main(process.argv.slice(2)));
