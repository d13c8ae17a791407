// Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm).
import { readFile } from "node:fs/promises";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";

export type WasmSchemaEngine = runtime.SchemaEngine;

// The parts of the WebAssembly global used here (the project's `lib` has no DOM/WebAssembly types).
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
};

declare global {
  var PRISMA_WASM_PANIC_REGISTRY: { message: string; set_message(message: string): void } | undefined;
}

/** The engine's git commit (the same one the matching native engine reports). */
export async function engineVersion(): Promise<string> {
  await loadSchemaEngineClass();
  return runtime.version();
}

let engineClass: Promise<typeof runtime.SchemaEngine> | undefined;

/**
 * The package is built for bundlers (it imports the .wasm file as a module), so the module is
 * instantiated here by hand. Done once: wasm-bindgen keeps global state per instance.
 */
export function loadSchemaEngineClass(): Promise<typeof runtime.SchemaEngine> {
  engineClass ??= instantiate();
  return engineClass;
}

async function instantiate(): Promise<typeof runtime.SchemaEngine> {
  // The engine's panic hook reports through this global; without it a panic becomes a TypeError.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message: string) {
      this.message = message;
    },
  };
  const wasmUrl = new URL(
    "schema_engine_bg.wasm",
    import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"),
  );
  const module = await WebAssembly.compile(await readFile(wasmUrl));
  const instance = await WebAssembly.instantiate(module, {
    "./schema_engine_bg.js": runtime,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime.SchemaEngine;
}
