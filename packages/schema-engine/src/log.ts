// Log lines on stderr in the native engine's format, which the prisma CLI parses:
// one JSON object per line; errors carry `fields.error_code` and target `schema_engine::logger`.

export type LogLevel = "INFO" | "WARN" | "ERROR";

export interface LogFields {
  message: string;
  error_code?: string;
  is_panic?: boolean;
  [key: string]: unknown;
}

export function logLine(level: LogLevel, fields: LogFields): void {
  const line = { timestamp: new Date().toISOString(), level, fields, target: "schema_engine::logger" };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** Forwards a log line emitted by the wasm engine (already JSON) unchanged. */
export function forwardEngineLog(line: string): void {
  process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
}
