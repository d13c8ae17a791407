// The last errors the database driver raised, kept so that an engine failure can be reported with the
// code the native engine would give (the wasm engine loses them: "external connector error").

export class DriverErrors {
  /** The last error of any adapter call. */
  last: unknown;
  /** The last error of a migration script. */
  lastScript: unknown;

  record(error: unknown, fromScript = false): void {
    this.last = error;
    if (fromScript) this.lastScript = error;
  }

  clear(): void {
    this.last = undefined;
    this.lastScript = undefined;
  }
}
