// The native engine's command line, as the prisma CLI passes it.
import type { EngineDatasource } from "./adapter.ts";
import { type CliCommand, isCliCommand } from "./cli-commands.ts";
import { UserFacingError } from "./errors.ts";

export interface EngineArgs {
  datamodelPaths: string[];
  datasource: Partial<EngineDatasource>;
  /** `cli <command>`: one command, then exit. Otherwise a JSON-RPC server on stdio. */
  cliCommand: CliCommand | undefined;
  version: boolean;
}

export function parseArgs(argv: readonly string[]): EngineArgs {
  const args: EngineArgs = { datamodelPaths: [], datasource: {}, cliCommand: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined)
        throw new UserFacingError(undefined, `userbridge-schema-engine: ${arg} needs a value`);
      return next;
    };
    if (arg === "--datamodels" || arg === "-d") args.datamodelPaths.push(value());
    else if (arg === "--datasource") args.datasource = parseDatasource(value());
    else if (arg === "--enabled-preview-features" || arg === "--extension-types")
      value(); // not used by the wasm engine
    else if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "cli") {
      const command = argv[++i];
      if (!isCliCommand(command)) {
        throw new UserFacingError(
          undefined,
          `userbridge-schema-engine: unknown cli command \`${command ?? ""}\``,
        );
      }
      args.cliCommand = command;
    } else throw new UserFacingError(undefined, `userbridge-schema-engine: unknown argument \`${arg}\``);
  }
  return args;
}

function parseDatasource(json: string): Partial<EngineDatasource> {
  try {
    const { url, shadowDatabaseUrl } = JSON.parse(json) as Record<string, unknown>;
    return {
      ...(typeof url === "string" && url ? { url } : {}),
      ...(typeof shadowDatabaseUrl === "string" && shadowDatabaseUrl ? { shadowDatabaseUrl } : {}),
    };
  } catch {
    throw new UserFacingError(undefined, "userbridge-schema-engine: --datasource is not valid JSON");
  }
}
