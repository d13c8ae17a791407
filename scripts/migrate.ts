// `pnpm db:migrate`, `db:migrate:shared|app`, `db:migrate:dev`, `db:status`, `db:reset`: the prisma CLI's
// migrate commands for any schema under prisma/, each announcing the database it acts on.
//   migrate.ts deploy [<schema>...]                          apply pending migrations (all schemas by default)
//   migrate.ts status [<schema>...]                          compare migrations and database (all, then exit)
//   migrate.ts dev <schema> --name <migration> [--create-only]  create a migration from the schema and apply it
//   migrate.ts reset <schema> [--force]                      drop everything and re-apply; --force for a non-local host
import { parseCommandLine, printedHelp, runScript } from "./cli.ts";
import { isLocalDatabase, type MigrateTarget, migrateTargets } from "./migrate-target.ts";
import { runPrisma } from "./prisma.ts";
import { resolveSchemas, type SchemaName, schemaNames, UsageError } from "./schemas.ts";

const usage = () => `usage:
  pnpm db:migrate [<schema>...]                    prisma migrate deploy (every schema, shared first, when none is named)
  pnpm db:migrate:shared | db:migrate:app          the same on one of them
  pnpm db:status [<schema>...]                     prisma migrate status (every schema by default)
  pnpm db:migrate:dev <schema> --name <migration> [--create-only]
                                                   create a migration from the schema (and apply it)
  pnpm db:reset <schema> [--force]                 --force: also for a non-local host, without asking
schemas (folders prisma/<name>/ with a schema.prisma): ${schemaNames().join(", ")}
each acts on the database in <NAME>_DATABASE_URL (e.g. SHARED_DATABASE_URL, APP_DATABASE_URL)`;

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "deploy":
    case "status": {
      const { values, positionals } = parseCommandLine(rest, {});
      if (printedHelp(values, usage)) return 0;
      return runEach(resolveSchemas(positionals), ["migrate", command], {
        stopOnFailure: command === "deploy",
      });
    }
    case "dev": {
      const { values, positionals } = parseCommandLine(rest, {
        name: { type: "string", short: "n" },
        "create-only": { type: "boolean" },
      });
      if (printedHelp(values, usage)) return 0;
      const schema = onlySchema(positionals);
      if (!values.name) throw new UsageError("db:migrate:dev needs --name <name>");
      const createOnly = values["create-only"] ? ["--create-only"] : [];
      const code = run(target(schema), ["migrate", "dev", "--name", values.name, ...createOnly]);
      // Prisma 7's migrate dev no longer generates the client.
      if (code === 0) {
        console.log(`userbridge: now \`pnpm db:generate ${schema}\` updates @userbridge/clients/${schema}`);
      }
      return code;
    }
    case "reset": {
      const { values, positionals } = parseCommandLine(rest, { force: { type: "boolean", short: "f" } });
      if (printedHelp(values, usage)) return 0;
      return reset(onlySchema(positionals), values.force === true);
    }
    case "--help":
    case "-h":
      console.log(usage());
      return 0;
    default:
      throw new UsageError(`unknown command \`${command ?? ""}\`: deploy, status, dev or reset`);
  }
}

function runEach(
  schemas: SchemaName[],
  args: string[],
  { stopOnFailure }: { stopOnFailure: boolean },
): number {
  let firstFailure = 0;
  // Every URL is read (and every bad one named) before anything runs.
  for (const target of migrateTargets(schemas)) {
    const code = run(target, args);
    if (code !== 0 && firstFailure === 0) firstFailure = code;
    if (code !== 0 && stopOnFailure) break;
  }
  return firstFailure;
}

function reset(schema: SchemaName, force: boolean): number {
  const resetTarget = target(schema);
  if (!force && !isLocalDatabase(resetTarget.url)) {
    console.error(
      `userbridge: refusing to reset the ${schema} database at ${resetTarget.description}: it is not on this machine.\n` +
        `Add --force to reset it anyway (every table and row in it is deleted).`,
    );
    return 1;
  }
  // Prisma asks for confirmation in a terminal; elsewhere it needs --force to run at all.
  const skipPrompt = force || !process.stdin.isTTY;
  return run(resetTarget, ["migrate", "reset", ...(skipPrompt ? ["--force"] : [])]);
}

function run(target: MigrateTarget, args: string[]): number {
  console.log(`userbridge: prisma ${args.join(" ")} on the ${target.schema} database ${target.description}`);
  const code = runPrisma(target.schema, args);
  if (code !== 0)
    console.error(
      `userbridge: prisma ${args.slice(0, 2).join(" ")} failed for ${target.schema} (exit ${code})`,
    );
  return code;
}

function target(schema: SchemaName): MigrateTarget {
  return migrateTargets([schema])[0] as MigrateTarget;
}

function onlySchema(positionals: string[]): SchemaName {
  if (positionals.length !== 1) throw new UsageError("name exactly one schema");
  return resolveSchemas(positionals)[0] as SchemaName;
}

await runScript(usage, () => main(process.argv.slice(2)));
