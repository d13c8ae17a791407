#!/usr/bin/env node
// The schema engine executable for the prisma CLI (PRISMA_SCHEMA_ENGINE_BINARY). Runs the TypeScript
// sources through Node's type stripping, so it works straight after `pnpm install`.

// The CLI parses stderr as JSON log lines: report Node warnings in that format instead of as text.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  const fields = { message: `${warning.name}: ${warning.message}` };
  process.stderr.write(`${JSON.stringify({ level: "WARN", fields, target: "schema_engine::logger" })}\n`);
});

function fail(message) {
  const fields = { is_panic: false, message: `userbridge-schema-engine: ${message}` };
  process.stderr.write(`${JSON.stringify({ level: "ERROR", fields, target: "schema_engine::logger" })}\n`);
  process.exit(1);
}

if (!process.features.typescript) {
  fail(
    `Node.js ${process.version} cannot run TypeScript files; this engine needs Node.js >= 22.18 ` +
      "(put it first on PATH, or set PRISMA_SCHEMA_ENGINE_BINARY to a native engine).",
  );
}

const { main } = await import("../src/main.ts").catch((error) => fail(error.message));
const code = await main(process.argv.slice(2));
// Exit only once the answers are written (stdout may be an asynchronous pipe), even though
// database pools would keep the process alive.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
