// Debian's `pgbouncer` program (apt-get install pgbouncer: /usr/sbin/pgbouncer), found on PATH or in the
// sbin directories a non-root PATH often lacks, and its version (settings differ between releases).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

export class PgBouncerMissingError extends Error {
  constructor() {
    super(
      "userbridge: PgBouncer is not installed (no `pgbouncer` on PATH or in /usr/sbin, /usr/local/sbin, /usr/local/bin, /opt/homebrew/bin). " +
        "Install it: `sudo apt-get install -y pgbouncer` (Debian/Ubuntu; the package's service is not needed), " +
        "`brew install pgbouncer` (macOS), or set USERBRIDGE_PGBOUNCER=/path/to/pgbouncer",
    );
    this.name = "PgBouncerMissingError";
  }
}

/** The pgbouncer executable, or undefined when there is none. */
export function findPgBouncer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.USERBRIDGE_PGBOUNCER)
    return existsSync(env.USERBRIDGE_PGBOUNCER) ? env.USERBRIDGE_PGBOUNCER : undefined;
  const dirs = [
    ...(env.PATH ?? "").split(delimiter),
    "/usr/sbin",
    "/usr/local/sbin",
    "/usr/local/bin",
    "/opt/homebrew/bin",
  ];
  return dirs
    .filter(Boolean)
    .map((dir) => join(dir, "pgbouncer"))
    .find((file) => existsSync(file));
}

/** Why PgBouncer tests cannot run here, or undefined when they can. */
export function pgBouncerUnavailable(): string | undefined {
  return findPgBouncer() ? undefined : new PgBouncerMissingError().message;
}

export interface PgBouncerVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
}

/** `pgbouncer --version`: "PgBouncer 1.18.0" and the libraries it was built with. */
export async function pgBouncerVersion(binary: string): Promise<PgBouncerVersion> {
  const { stdout } = await promisify(execFile)(binary, ["--version"], { timeout: 10_000 });
  const match = /PgBouncer (\d+)\.(\d+)(\.\d+)?/.exec(stdout);
  if (!match) throw new Error(`userbridge: cannot read the version of ${binary}: ${stdout.trim()}`);
  return { text: match[0].replace("PgBouncer ", ""), major: Number(match[1]), minor: Number(match[2]) };
}

/** max_prepared_statements (named prepared statements in transaction mode) exists from PgBouncer 1.21 on. */
export function supportsPreparedStatements(version: PgBouncerVersion): boolean {
  return version.major > 1 || (version.major === 1 && version.minor >= 21);
}
