// Runs the official prisma CLI the way users do, against the offline engine, for integration tests.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@userbridge/testing/run-command";
import { datasourceVariables } from "../../../scripts/prisma-env.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const ENGINE_BIN = fileURLToPath(new URL("../bin/schema-engine.js", import.meta.url));
const PRISMA_BIN = join(REPO_ROOT, "node_modules", ".bin", "prisma");

/**
 * A CLI call must finish within this, whatever happens: the engine must never hang. Generous, because a call
 * costs seconds of CPU and these machines run several suites on two cores (one took 47 s at load 11).
 */
const CLI_TIMEOUT_MS = 100_000;

export interface CliResult {
  code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Variables to remove from the environment, even those set for every call (e.g. CHECKPOINT_DISABLE). */
  unset?: readonly string[];
  stdin?: string;
}

/** Environment for every call: no color, no update check, and any engine download fails at once. */
function cliEnv(extra: Record<string, string>, unset: readonly string[] = []): NodeJS.ProcessEnv {
  const {
    FORCE_COLOR: _color,
    // The repo's prisma.config.ts files set it (runOffline in scripts/prisma-env.ts); a native engine must not leak in.
    PRISMA_SCHEMA_ENGINE_BINARY: _engine,
    ...env
  } = process.env;
  const result: NodeJS.ProcessEnv = {
    // No schema's database (SHARED_DATABASE_URL, APP_DATABASE_URL, NEW_DATABASE_URL, ...) from the caller's shell.
    ...Object.fromEntries(Object.entries(env).filter(([name]) => !name.endsWith("_DATABASE_URL"))),
    NO_COLOR: "1",
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_ENGINES_MIRROR: "http://127.0.0.1:9",
    ...extra,
  };
  for (const name of unset) delete result[name];
  return result;
}

export async function prisma(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const { code, output, ms } = await runCommand(PRISMA_BIN, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: cliEnv(options.env ?? {}, options.unset),
    stdin: options.stdin ?? "",
    timeoutMs: CLI_TIMEOUT_MS,
  });
  return { code, output, ms };
}

/**
 * `prisma <args> --config prisma/<schema>/prisma.config.ts` with the variable that config reads the URL from
 * (`<SCHEMA>_DATABASE_URL`) set to `url`.
 */
export function prismaForRepoSchema(schema: string, url: string, args: readonly string[]) {
  return prisma([...args, "--config", `prisma/${schema}/prisma.config.ts`], {
    env: { [datasourceVariables(schema).url]: url },
  });
}

/**
 * A throwaway copy of prisma/<schema> (schema, migrations) with its own prisma.config.ts pointing at
 * `url`, so tests can add migrations and edit the schema without touching the repository.
 */
export class Workspace {
  readonly dir: string;
  private readonly engineEnv = { PRISMA_SCHEMA_ENGINE_BINARY: ENGINE_BIN };

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** `url` undefined: a config with no database URL (commands that need none must still work). */
  static async copyOf(
    schema: string,
    url: string | undefined,
    shadowDatabaseUrl?: string,
  ): Promise<Workspace> {
    const dir = await mkdtemp(join(tmpdir(), `userbridge-${schema}-`));
    await cp(join(REPO_ROOT, "prisma", schema, "migrations"), join(dir, "migrations"), { recursive: true });
    // The generator output would point into the repository: keep it inside the copy.
    const source = await readFile(join(REPO_ROOT, "prisma", schema, "schema.prisma"), "utf8");
    await writeFile(
      join(dir, "schema.prisma"),
      source.replace(/output\s*=\s*"[^"]*"/, 'output = "./generated"'),
    );
    const datasource = { ...(url ? { url } : {}), ...(shadowDatabaseUrl ? { shadowDatabaseUrl } : {}) };
    await writeFile(
      join(dir, "prisma.config.ts"),
      `export default ${JSON.stringify({ schema: "schema.prisma", migrations: { path: "migrations" }, datasource })};\n`,
    );
    return new Workspace(dir);
  }

  prisma(args: readonly string[], stdin?: string): Promise<CliResult> {
    return prisma([...args, "--config", "prisma.config.ts"], {
      cwd: this.dir,
      env: this.engineEnv,
      ...(stdin === undefined ? {} : { stdin }),
    });
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  async addMigration(name: string, sql: string): Promise<void> {
    await mkdir(join(this.dir, "migrations", name), { recursive: true });
    await writeFile(join(this.dir, "migrations", name, "migration.sql"), sql);
  }

  /** `migrate diff` from the database to schema.prisma with `--exit-code` (2 = there is a difference). */
  diffDatabaseToSchema(): Promise<CliResult> {
    return this.prisma([
      "migrate",
      "diff",
      "--from-config-datasource",
      "--to-schema",
      "schema.prisma",
      "--exit-code",
    ]);
  }

  /** A schema change for `migrate dev` to turn into a migration: an optional `User.nickname`. */
  addNicknameToUser(): Promise<void> {
    return this.editSchema((schema) =>
      schema.replace("  image         String?\n", "  image         String?\n  nickname      String?\n"),
    );
  }

  async editSchema(edit: (schema: string) => string): Promise<void> {
    const file = join(this.dir, "schema.prisma");
    await writeFile(file, edit(await readFile(file, "utf8")));
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

export { query, tables } from "@userbridge/testing/sql";
