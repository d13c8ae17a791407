// One PostgreSQL server of a replicated pair, whichever engine runs it.

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly dataDir: string;
  /** Where the server writes its log (appended across starts). */
  readonly logFile: string;
  /** Superuser URL of `database` on this server. */
  url(database: string): string;
  /** Starts it again after stop(), on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Fast shutdown. Idempotent. */
  stop(): Promise<void>;
}

/** `-c name=value` arguments for the postmaster. */
export function settingArgs(settings: Readonly<Record<string, string>>): string[] {
  return Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
}
