// P3018 (a migration failed to apply), which the native engine reports and the wasm engine reduces to
// "external connector error". Built from the PostgreSQL error the driver raised.
import { UserFacingError } from "./errors.ts";

interface ScriptFailure {
  code?: string;
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
  const failure = scriptFailure(scriptError);
  const position = (scriptError as { position?: string } | undefined)?.position;
  const databaseError = [
    `${failure.severity ?? "ERROR"}: ${failure.message ?? String(scriptError)}`,
    failure.detail ? `DETAIL: ${failure.detail}` : "",
    failure.hint ? `HINT: ${failure.hint}` : "",
    script && position ? `\nPosition:\n${excerpt(script, Number(position))}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const code = failure.code ?? "none";
  return new UserFacingError(
    "P3018",
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
      "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve" +
      `\n\nMigration name: ${migrationName}\n\nDatabase error code: ${code}\n\nDatabase error:\n${databaseError}\n`,
    { migration_name: migrationName, database_error_code: code, database_error: databaseError },
  );
}

function scriptFailure(error: unknown): ScriptFailure {
  if (error instanceof Error && error.name === "DriverAdapterError" && typeof error.cause === "object") {
    return error.cause as ScriptFailure;
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
