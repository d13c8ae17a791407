// The last errors the database driver raised, kept so that an engine failure can be reported with the
// code the native engine would give (the wasm engine loses them: "external connector error").

export class DriverErrors {
  /** The last error of any adapter call. */
  last: unknown;
  /** The last error of a migration script, and that script. */
  lastScript: unknown;
  lastScriptText: string | undefined;

  /** `script`: the error is a migration script's (executeScript), and this was the script. */
  record(error: unknown, script?: string): void {
    this.last = error;
    if (script === undefined) return;
    this.lastScript = error;
    this.lastScriptText = script;
  }

  clear(): void {
    this.last = undefined;
    this.lastScript = undefined;
    this.lastScriptText = undefined;
  }
}
