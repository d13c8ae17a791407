// What every db:* script does with its command line: node:util's parseArgs, and one way to fail.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./schemas.ts";

export { UsageError } from "./schemas.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `args` parsed strictly against `options` (plus `--help`/`-h`), positionals allowed.
 * @throws UsageError for an unknown option, a missing option value, or a value given to a flag.
 */
export function parseCommandLine<const O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs' own messages say what is wrong ("Unknown option '--nmae'...").
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs a script's `main` and exits: with its code; 2 after printing the usage for a UsageError; 1 with the
 * message (no stack) for any other error. `usage` is called only when needed.
 */
export async function runScript(usage: () => string, main: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`userbridge: ${error.message}\n${usageOrProblem(usage)}`);
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}

/** `--help`: prints the usage; true when the script should stop there. */
export function printedHelp(values: { help?: boolean | undefined }, usage: () => string): boolean {
  if (values.help) console.log(usageOrProblem(usage));
  return values.help === true;
}

// The usage lists the schemas found on disk; a broken prisma/ folder must not hide the usage itself.
function usageOrProblem(usage: () => string): string {
  try {
    return usage();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
