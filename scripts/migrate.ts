// `pnpm db:migrate`, `db:migrate:shared|app`, `db:migrate:dev`, `db:status`, `db:reset`: the prisma CLI's
// migrate commands for one or both databases, each announcing the database it acts on.
//   migrate.ts deploy <shared|app>...          apply pending migrations
//   migrate.ts status <shared|app>...          compare migrations and database (all, then exit)
//   migrate.ts dev <shared|app> --name <name>  create a migration from the schema and apply it
//   migrate.ts reset <shared|app> [--force]    drop everything and re-apply; --force for a non-local host
import { isLocalDatabase, type MigrateTarget, migrateTargets } from "./migrate-target.ts";
import { isSchemaName, runPrisma, type SchemaName } from "./prisma.ts";

const USAGE = `usage:
  pnpm db:migrate                              deploy both databases
  pnpm db:migrate:shared | db:migrate:app      deploy one
  pnpm db:migrate:dev <shared|app> --name <name> [prisma migrate dev options]
  pnpm db:status                               status of both
  pnpm db:reset <shared|app> [--force]         --force: also for a non-local host, without asking`;

class UsageError extends Error {}

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  // deploy/status take schema names only; dev/reset take one, first, then prisma options (a
  // migration may well be named "shared").
  const single = command === "dev" || command === "reset";
  const schemas = single ? rest.slice(0, 1).filter(isSchemaName) : rest.filter(isSchemaName);
  const options = single ? rest.slice(1) : rest.filter((arg) => !isSchemaName(arg));
  switch (command) {
    case "deploy":
      return runEach(requireSchemas(schemas), ["migrate", "deploy"], { stopOnFailure: true });
    case "status":
      return runEach(requireSchemas(schemas), ["migrate", "status"], { stopOnFailure: false });
    case "dev":
      return dev(requireOne(schemas), options);
    case "reset":
      return reset(requireOne(schemas), options);
    default:
      throw new UsageError(`unknown command \`${command ?? ""}\``);
  }
}

function runEach(
  schemas: SchemaName[],
  args: string[],
  { stopOnFailure }: { stopOnFailure: boolean },
): number {
  let firstFailure = 0;
  for (const target of migrateTargets(schemas)) {
    const code = run(target, args);
    if (code !== 0 && firstFailure === 0) firstFailure = code;
    if (code !== 0 && stopOnFailure) break;
  }
  return firstFailure;
}

function dev(schema: SchemaName, options: string[]): number {
  const nameIndex = options.findIndex((arg) => arg === "--name" || arg === "-n" || arg.startsWith("--name="));
  const name = options[nameIndex]?.includes("=") ? options[nameIndex]?.split("=")[1] : options[nameIndex + 1];
  if (nameIndex < 0 || !name) throw new UsageError("db:migrate:dev needs --name <name>");
  const [target] = migrateTargets([schema]) as [MigrateTarget];
  return run(target, ["migrate", "dev", ...options]);
}

function reset(schema: SchemaName, options: string[]): number {
  const force = options.includes("--force") || options.includes("-f");
  const [target] = migrateTargets([schema]) as [MigrateTarget];
  if (!force && !isLocalDatabase(target.url)) {
    console.error(
      `userbridge: refusing to reset the ${schema} database at ${target.description}: it is not on this machine.\n` +
        `Add --force to reset it anyway (every table and row in it is deleted).`,
    );
    return 1;
  }
  // Prisma asks for confirmation in a terminal; elsewhere it needs --force to run at all.
  const skipPrompt = force || !process.stdin.isTTY;
  return run(target, ["migrate", "reset", ...(skipPrompt ? ["--force"] : [])]);
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

function requireSchemas(schemas: SchemaName[]): SchemaName[] {
  if (schemas.length === 0) throw new UsageError("name a database: shared or app");
  return schemas;
}

function requireOne(schemas: SchemaName[]): SchemaName {
  const [schema] = schemas;
  if (schemas.length !== 1 || !schema) throw new UsageError("name exactly one database: shared or app");
  return schema;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) console.error(`userbridge: ${error.message}\n${USAGE}`);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
