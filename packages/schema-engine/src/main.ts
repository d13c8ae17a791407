// Entry point of the schema engine executable the prisma CLI runs (PRISMA_SCHEMA_ENGINE_BINARY).

import * as wasm from "@prisma/schema-engine-wasm/schema_engine_bg";
import { parseArgs } from "./args.ts";
import { runCliCommand } from "./cli-commands.ts";
import { EngineSession } from "./engine-session.ts";
import { EnginePanic, errorMessage, UserFacingError } from "./errors.ts";
import { logLine } from "./log.ts";
import { print, serve } from "./rpc.ts";
import { loadSchemaEngineClass } from "./wasm.ts";

/** Runs the engine; resolves to the process exit code (0, 1 for an error, 101 for a panic). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.version) {
      process.stdout.write(`schema-engine-cli ${wasm.version()}\n`);
      return 0;
    }
    if (args.cliCommand) {
      // The CLI skips the first stderr line and expects JSON on the others.
      logLine("INFO", { message: "Starting userbridge schema engine (wasm) CLI" });
      const url = args.datasource.url;
      if (!url)
        throw new UserFacingError(
          undefined,
          "userbridge-schema-engine: cli commands need --datasource with a url",
        );
      logLine("INFO", { message: await runCliCommand(args.cliCommand, url) });
      return 0;
    }
    await loadSchemaEngineClass();
    const session = new EngineSession({ ...args, print });
    await serve((method, params) => session.handle(method, params));
    return 0;
  } catch (error) {
    if (error instanceof EnginePanic) {
      logLine("ERROR", { is_panic: true, message: error.message, backtrace: "" });
      return 101;
    }
    const code = error instanceof UserFacingError ? error.code : undefined;
    logLine("ERROR", {
      is_panic: false,
      message: errorMessage(error),
      ...(code ? { error_code: code } : {}),
    });
    return 1;
  }
}
