// Applies a schema's migrations through the repository's normal path (scripts/migrate.ts deploy
// <schema>, i.e. `pnpm db:migrate:<schema>`), as a child process: the embedded databases live in this
// process's event loop, so a synchronous spawn would deadlock them. `pnpm demo` and `pnpm demo:sites`
// both migrate this way before the sites start.
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";
import { databaseUrlVariable } from "@userbridge/db/config";
import type { SiteSchema } from "../sites/names.js";

/** The identity schema and the sites' own (old: `app`, new: `new`). */
export type SchemaName = "shared" | SiteSchema;

export interface MigrateOptions {
  /** The monorepo root (holds scripts/migrate.ts and prisma/). */
  readonly repoRoot: string;
  readonly schema: SchemaName;
  readonly url: string;
  /** Which database this is, for messages. */
  readonly label: string;
  /** Called with each line the prisma CLI prints; by default the output is kept for error messages only. */
  readonly onOutput?: (line: string) => void;
}

/** `prisma migrate deploy` of `schema` on `url`; rejects with the CLI's output when it fails. */
export function migrateDatabase(options: MigrateOptions): Promise<void> {
  const { repoRoot, schema, url, label, onOutput } = options;
  const env = {
    ...process.env,
    [databaseUrlVariable(schema)]: url,
    // scripts/migrate.ts runs the `prisma` binary by name.
    PATH: [join(repoRoot, "node_modules", ".bin"), process.env.PATH].filter(Boolean).join(delimiter),
  };
  const args = ["--conditions=@userbridge/source", "--import", "tsx", "scripts/migrate.ts", "deploy", schema];
  return new Promise((resolve, reject) => {
    // Its own process group: a Ctrl-C in the terminal must not kill prisma halfway through a migration;
    // the launcher lets it finish, then stops.
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (line.trim() === "") continue;
        output.push(line);
        onOutput?.(line);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) =>
      reject(
        new Error(`userbridge: could not run the migrations of the ${label} database`, { cause: error }),
      ),
    );
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      const how = signal ? `was stopped by ${signal}` : `failed (exit ${code})`;
      reject(
        new Error(
          `userbridge: prisma migrate deploy (${schema} schema) on the ${label} database ${how}:\n` +
            output.map((line) => `  ${line}`).join("\n"),
        ),
      );
    });
  });
}

/** One database to migrate: `schema`'s migrations applied to `url`. */
export interface MigrationTarget {
  readonly schema: SchemaName;
  readonly url: string;
  /** Which database this is, for messages: "identity", "old site". */
  readonly label: string;
}

/** Migrates every target at once (each in its own prisma process); rejects with the first failure. */
export async function migrateDatabases(repoRoot: string, targets: readonly MigrationTarget[]): Promise<void> {
  await Promise.all(targets.map((target) => migrateDatabase({ repoRoot, ...target })));
}
