// One engine process: the wasm engine, created on the first request, answering the CLI's JSON-RPC
// methods with the native engine's results and errors.
import { readFile } from "node:fs/promises";
import { createAdapterFactory, type EngineDatasource, missingUrl } from "./adapter.ts";
import { createDatabase } from "./cli-commands.ts";
import { connectionError } from "./connection-errors.ts";
import { parseDatabaseUrl } from "./database-url.ts";
import { DriverErrors } from "./driver-errors.ts";
import { EnginePanic, panicOf, UserFacingError } from "./errors.ts";
import { forwardEngineLog } from "./log.ts";
import { failedMigrationError, withDatabaseError } from "./migration-errors.ts";
import { ServerStoppedAnswering } from "./server-watch.ts";
import { loadSchemaEngineClass, type WasmSchemaEngine } from "./wasm.ts";

export interface SessionOptions {
  datamodelPaths: string[];
  datasource: Partial<EngineDatasource>;
  /** Sends text for the CLI to print on its stdout (the native engine's `print` request). */
  print(content: string): void;
}

type Params = Record<string, unknown> | undefined;

// `new` panics without a schema; commands without one (migrate diff) only need the provider.
const PROVIDER_ONLY_SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n';

export class EngineSession {
  private engine: Promise<WasmSchemaEngine> | undefined;
  private readonly errors = new DriverErrors();
  private migrationBeingApplied: string | undefined;
  /** applyMigrations applied at least one migration since the last devDiagnostic. */
  private applied = false;
  /** Set by a Rust panic, after which the wasm instance must not be used again. */
  panic: EnginePanic | undefined;
  private readonly options: SessionOptions;

  constructor(options: SessionOptions) {
    this.options = options;
  }

  async handle(method: string, params: Params): Promise<unknown> {
    if (this.panic) throw this.panic;
    this.errors.clear();
    this.migrationBeingApplied = undefined;
    try {
      return await this.dispatch(method, params ?? {});
    } catch (error) {
      const reported = this.userFacing(error, method);
      if (reported instanceof EnginePanic) this.panic = reported;
      throw reported;
    }
  }

  private async dispatch(method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case "createDatabase":
        return { databaseName: await createDatabase(this.url()) };
      case "getDatabaseVersion":
        return (await this.ready()).version();
      case "debugPanic":
        return (await this.ready()).debugPanic();
      case "diff": {
        const { exitCode, stdout } = await (await this.ready()).diff(params as never);
        // The native CLI engine prints the diff itself and returns no stdout.
        if (stdout) this.options.print(stdout);
        return { exitCode, stdout: null };
      }
      case "applyMigrations":
      case "createMigration":
      case "dbExecute":
      case "devDiagnostic":
      case "diagnoseMigrationHistory":
      case "ensureConnectionValidity":
      case "evaluateDataLoss":
      case "introspect":
      case "introspectSql":
      case "markMigrationApplied":
      case "markMigrationRolledBack":
      case "reset":
      case "schemaPush": {
        const engine = await this.ready();
        if (method === "evaluateDataLoss") await this.diagnoseAgainAfterApplying(engine, params);
        // Called on the instance: a detached wasm-bindgen method loses its `this`.
        const result = await (engine[method] as (input: unknown) => Promise<unknown>).call(engine, params);
        if (method === "applyMigrations") this.applied ||= hasAppliedSome(result);
        if (method === "devDiagnostic") this.applied = false;
        return result ?? {};
      }
      default:
        throw new UserFacingError(
          undefined,
          `userbridge: the wasm schema engine has no method \`${method}\`.`,
        );
    }
  }

  /**
   * `migrate dev` runs devDiagnostic, applies pending migrations, then evaluateDataLoss. Measured: the wasm
   * engine's evaluateDataLoss succeeds only after a devDiagnostic that saw every migration applied; otherwise
   * it fails with "PostgreSQL shadow DB must be provided through an external factory" (the native engine
   * does not). So once migrations were applied in this session, devDiagnostic runs again first.
   */
  private async diagnoseAgainAfterApplying(engine: WasmSchemaEngine, params: Record<string, unknown>) {
    if (!this.applied) return;
    await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters } as never);
    this.applied = false;
  }

  private url(): string {
    const { url } = this.options.datasource;
    if (!url) throw missingUrl();
    return url;
  }

  private ready(): Promise<WasmSchemaEngine> {
    this.engine ??= this.create().catch((error: unknown) => {
      this.engine = undefined; // the next request tries again
      throw error;
    });
    return this.engine;
  }

  private async create(): Promise<WasmSchemaEngine> {
    const { url } = this.options.datasource;
    if (url) parseDatabaseUrl(url); // rejects a non-PostgreSQL URL with P1013 before connecting
    const datamodels = await this.datamodels();
    const factory = createAdapterFactory({ ...this.options.datasource, url }, this.errors);
    const SchemaEngine = await loadSchemaEngineClass();
    return SchemaEngine.new({ datamodels }, (line: string) => this.onEngineLog(line), factory);
  }

  private async datamodels(): Promise<[string, string][]> {
    const { datamodelPaths } = this.options;
    if (datamodelPaths.length === 0) return [["schema.prisma", PROVIDER_ONLY_SCHEMA]];
    return Promise.all(
      datamodelPaths.map(async (path) => [path, await readFile(path, "utf8")] as [string, string]),
    );
  }

  private onEngineLog(line: string): void {
    forwardEngineLog(line);
    const applying = /"message":"Applying `((?:[^`\\]|\\.)+)`"/.exec(line)?.[1];
    if (applying) {
      this.migrationBeingApplied = applying;
      // The native engine prints this line too (`migrate deploy`, `migrate dev`).
      this.options.print(`Applying migration \`${applying}\`\n`);
    }
  }

  /** The error the native engine would have answered with. */
  private userFacing(error: unknown, method: string): Error {
    if (error instanceof UserFacingError) return error;
    const panic = panicOf(error);
    if (panic) return panic;
    const code = (error as { code?: unknown } | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === "P3006" && this.errors.lastScript !== undefined) {
      // "failed to apply cleanly to the shadow database": with PostgreSQL's SQLSTATE and message.
      return new UserFacingError(
        code,
        withDatabaseError(message, this.errors.lastScript, this.errors.lastScriptText),
      );
    }
    if (typeof code === "string") return new UserFacingError(code, message);
    const last = this.errors.last;
    if (last instanceof ServerStoppedAnswering && this.migrationBeingApplied) {
      return last.whileApplying(this.migrationBeingApplied);
    }
    if (last instanceof UserFacingError) return last;

    const url = this.options.datasource.url;
    const lost =
      url && this.errors.last ? connectionError(this.errors.last, parseDatabaseUrl(url)) : undefined;
    if (lost) return lost;
    if (method === "applyMigrations" && this.migrationBeingApplied && this.errors.lastScript) {
      const name = this.migrationBeingApplied;
      return failedMigrationError(name, this.errors.lastScript, this.errors.lastScriptText);
    }
    return new UserFacingError(undefined, message);
  }
}

function hasAppliedSome(result: unknown): boolean {
  const names = (result as { appliedMigrationNames?: unknown } | undefined)?.appliedMigrationNames;
  return Array.isArray(names) && names.length > 0;
}
