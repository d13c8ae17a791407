// `pnpm demo [--reset]`: both demo sites on embedded PostgreSQL (packages/demo/src/embedded/run-demo.ts).
import { fileURLToPath } from "node:url";
import { runDemo } from "../packages/demo/src/embedded/index.ts";

const code = await runDemo({
  repoRoot: fileURLToPath(new URL("..", import.meta.url)),
  argv: process.argv.slice(2),
});
// Everything is closed by now; exit rather than wait on a stray timer.
process.exit(code);
