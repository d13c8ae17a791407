// `pnpm demo [--reset]`: both demo sites on embedded PostgreSQL (packages/demo/src/cli/demo.ts).
import { fileURLToPath } from "node:url";
import { demoCli } from "../packages/demo/src/cli/demo.ts";

const code = await demoCli(fileURLToPath(new URL("..", import.meta.url)), process.argv.slice(2));
// Everything is closed by now; exit rather than wait on a stray timer.
process.exit(code);
