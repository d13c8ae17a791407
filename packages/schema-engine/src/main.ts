// Entry point of the schema engine executable the prisma CLI runs (PRISMA_SCHEMA_ENGINE_BINARY).
import { parseArgs } from "./args.ts";
import { runCliCommand } from "./cli-commands.ts";
import { EngineSession } from "./engine-session.ts";
import { errorMessage, panicOf, UserFacingError } from "./errors.ts";
import { logLine } from "./log.ts";
import { print, RpcServer } from "./rpc.ts";
import { dropUndroppedShadows } from "./shadow-database.ts";
import { engineVersion, loadSchemaEngineClass } from "./wasm.ts";

/** Runs the engine; resolves to the process exit code (0, 1 for an error, 101 after a panic). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.version) {
      process.stdout.write(`schema-engine-cli ${await engineVersion()} (wasm, userbridge)\n`);
      return 0;
    }
    if (args.cliCommand) {
      const crash = (error: unknown) => {
        logLine("ERROR", { is_panic: false, message: `userbridge-schema-engine: ${errorMessage(error)}` });
        process.exit(1);
      };
      process.on("uncaughtException", crash).on("unhandledRejection", crash);
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
    const server = new RpcServer();
    // A panic while the engine awaits the database surfaces here, outside the request it belongs to.
    const escaped = (error: unknown) => {
      const panic = panicOf(error);
      if (panic) session.panic ??= panic;
      server.abort(panic ?? new Error(`userbridge-schema-engine: internal error: ${errorMessage(error)}`));
    };
    process.on("uncaughtException", escaped).on("unhandledRejection", escaped);
    // The CLI stops the engine with SIGTERM (SIGKILL 2 s later), mid-command after an error; Ctrl-C in a
    // terminal sends SIGINT to the CLI and the engine alike. Neither may leave a shadow database behind.
    for (const [signal, code] of [
      ["SIGTERM", 143],
      ["SIGINT", 130],
    ] as const) {
      process.once(signal, () => void dropUndroppedShadows().finally(() => process.exit(code)));
    }
    await server.serve((method, params) => session.handle(method, params));
    await dropUndroppedShadows();
    if (session.panic) logLine("ERROR", { is_panic: true, message: session.panic.message, backtrace: "" });
    return session.panic ? 101 : 0;
  } catch (error) {
    const code = error instanceof UserFacingError ? error.code : undefined;
    logLine("ERROR", {
      is_panic: false,
      message: errorMessage(error),
      ...(code ? { error_code: code } : {}),
    });
    return 1;
  }
}
