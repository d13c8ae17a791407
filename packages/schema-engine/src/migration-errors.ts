// P3018 (a migration failed to apply), which the native engine reports and the wasm engine reduces to
// "external connector error". Built from the PostgreSQL error the driver raised.
import { UserFacingError } from "./errors.ts";

interface ScriptFailure {
  code?: string;
  originalCode?: string;
  originalMessage?: string;
  severity?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

export function failedMigrationError(
  migrationName: string,
  scriptError: unknown,
  script?: string,
): UserFacingError {
  const { code, text: databaseError } = describeDatabaseError(scriptError, script);
  return new UserFacingError(
    "P3018",
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
      "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve" +
      `\n\nMigration name: ${migrationName}\n\nDatabase error code: ${code}\n\nDatabase error:\n${databaseError}\n`,
    { migration_name: migrationName, database_error_code: code, database_error: databaseError },
  );
}

/** PostgreSQL's SQLSTATE and its own message, detail, hint and the failing line of the script. */
export function describeDatabaseError(error: unknown, script?: string): { code: string; text: string } {
  const failure = scriptFailure(error);
  const position = (error as { position?: string } | undefined)?.position;
  const text = [
    `${failure.severity ?? "ERROR"}: ${failure.message ?? String(error)}`,
    failure.detail ? `DETAIL: ${failure.detail}` : "",
    failure.hint ? `HINT: ${failure.hint}` : "",
    script && position ? `\nPosition:\n${excerpt(script, Number(position))}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return { code: failure.code ?? "none", text };
}

/**
 * The wasm engine reports a failed script as "external connector error" and one line of adapter-pg's mapping
 * ("No such table: Missing"), in `_prisma_migrations.logs` and in P3006. This puts PostgreSQL's SQLSTATE and
 * message in their place, as the native engine has them; the engine's trace after them is kept.
 */
export function withDatabaseError(engineText: string, error: unknown, script?: string): string {
  const { code, text } = describeDatabaseError(error, script);
  return engineText.replace(
    /external connector error\n[^\n]*/,
    () => `Database error code: ${code}\n\nDatabase error:\n${text}\n`,
  );
}

function scriptFailure(error: unknown): ScriptFailure {
  if (error instanceof Error && error.name === "DriverAdapterError" && typeof error.cause === "object") {
    // Ours (pg-adapter runScript) carry PostgreSQL's fields; adapter-pg's mapped ones keep the originals.
    const cause = error.cause as ScriptFailure;
    return {
      ...cause,
      code: cause.originalCode ?? cause.code,
      message: cause.originalMessage ?? cause.message,
    };
  }
  return error instanceof Error ? { message: error.message } : {};
}

/** The failing line of the script (PostgreSQL gives a 1-based character offset) and the two before it. */
function excerpt(script: string, position: number): string {
  const lines = script.split("\n");
  let offset = 0;
  let index = 0;
  while (index < lines.length - 1 && offset + (lines[index]?.length ?? 0) + 1 < position) {
    offset += (lines[index]?.length ?? 0) + 1;
    index++;
  }
  return lines
    .slice(Math.max(0, index - 2), index + 1)
    .map((line, i, shown) => `${String(index - shown.length + i + 2).padStart(3)} ${line}`)
    .join("\n");
}
