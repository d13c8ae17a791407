// How the demo CLIs end: a number is the exit code; undefined keeps the process running (a server).
// A userbridge error (bad configuration, input, an unreachable database) prints its message only.
import { statusOf } from "@userbridge/db";
import type { Parsed } from "./args.js";

export function runMain(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (error: unknown) => {
      console.error(statusOf(error) === undefined ? error : (error as Error).message);
      process.exit(1);
    },
  );
}

/** The parsed options, or the exit code after printing the help (0) or a usage error (2). */
export function optionsOrExit<T>(parsed: Parsed<T>): T | number {
  if (parsed.kind === "help") {
    console.log(parsed.usage);
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(parsed.message);
    return 2;
  }
  return parsed.options;
}
