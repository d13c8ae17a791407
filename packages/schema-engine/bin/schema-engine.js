#!/usr/bin/env node
// The schema engine executable for the prisma CLI (PRISMA_SCHEMA_ENGINE_BINARY). Runs the TypeScript
// sources through Node's type stripping (Node >= 22.18), or through tsx on older Node versions that
// Prisma 7 supports (Node 20.19+), so it works straight after `pnpm install`.
import { createInterface } from "node:readline";

// The CLI parses stderr as JSON log lines: report Node warnings in that format instead of as text.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  const fields = { message: `${warning.name}: ${warning.message}` };
  process.stderr.write(`${JSON.stringify({ level: "WARN", fields, target: "schema_engine::logger" })}\n`);
});

function logError(message) {
  const fields = { is_panic: false, message: `userbridge-schema-engine: ${message}` };
  process.stderr.write(`${JSON.stringify({ level: "ERROR", fields, target: "schema_engine::logger" })}\n`);
}

/**
 * The engine cannot start. A `cli` subcommand reports it and exits 1. As a JSON-RPC server it answers every
 * request with the error until the CLI closes stdin: exiting at once would leave the CLI with no answer, and
 * then `migrate diff --script` exits 0 having printed nothing.
 */
function failToStart(message) {
  // The CLI skips the first stderr line of a `cli` subcommand.
  process.stderr.write(
    `${JSON.stringify({ level: "INFO", fields: { message: "userbridge schema engine" } })}\n`,
  );
  logError(message);
  if (process.argv.includes("cli") || process.argv.includes("--version")) process.exit(1);
  const data = { is_panic: false, message: `userbridge-schema-engine: ${message}`, meta: {} };
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on("line", (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return;
    }
    if (request?.id === undefined || request.method === undefined) return; // acks and notifications
    const error = { code: 4466, message: "An error happened. Check the data field for details.", data };
    process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id: request.id, error })}\n`);
  });
  lines.on("close", () => process.stdout.write("", () => process.exit(1)));
  return new Promise(() => undefined); // never resolves: the process ends on close
}

async function loadMain() {
  if (!process.features.typescript) {
    try {
      const { register } = await import("tsx/esm/api");
      register();
    } catch {
      return failToStart(
        `Node.js ${process.version} cannot run TypeScript files and tsx is not installed: run the prisma CLI ` +
          "on Node.js >= 22.18 (put it first on PATH; in userbridge `./pnpmw exec prisma ...` does), install " +
          "tsx next to this package, or set PRISMA_SCHEMA_ENGINE_BINARY to a native schema engine.",
      );
    }
  }
  return import("../src/main.ts").catch((error) => failToStart(error.message));
}

const { main } = await loadMain();
const code = await main(process.argv.slice(2));
// Exit only once the answers are written (stdout may be an asynchronous pipe), even though
// database pools would keep the process alive.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
