// @userbridge/schema-engine: the prisma CLI's schema engine on Prisma's wasm build, for machines that
// cannot download the native one. The executable is bin/schema-engine.js; this is its library surface.
export { createAdapterFactory, type EngineDatasource } from "./adapter.ts";
export { main } from "./main.ts";
export { loadSchemaEngineClass } from "./wasm.ts";

import { fileURLToPath } from "node:url";

/** Absolute path of the executable to put in PRISMA_SCHEMA_ENGINE_BINARY. */
export const schemaEngineBinaryPath: string = fileURLToPath(
  new URL("../bin/schema-engine.js", import.meta.url),
);
