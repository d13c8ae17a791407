// The generated pgbouncer.ini and auth file: one [databases] entry per target, logging in to the real server
// with the target URL's own user and password, and optionally a `*` fallback entry (any other database name
// a client asks for, on that server: databases created after PgBouncer started are reachable without a
// reload); clients are trusted (auth_type=trust: listed in the auth file, never asked for a password), on
// 127.0.0.1 only.

export type PoolMode = "session" | "transaction" | "statement";

export interface PgBouncerConfigInput {
  readonly targets: Readonly<Record<string, string>>;
  /** A server's postgresql:// URL (its database is ignored): the `*` entry. undefined: none. */
  readonly fallback?: string | undefined;
  readonly port: number;
  readonly poolMode: PoolMode;
  readonly poolSize: number;
  /** undefined: the setting is not written (PgBouncer < 1.21 refuses to start on it). */
  readonly maxPreparedStatements: number | undefined;
  readonly ignoreStartupParameters: readonly string[];
  readonly authFile: string;
  readonly pidFile: string;
  readonly settings: Readonly<Record<string, string | number>>;
}

/** PgBouncer's connection-string values take no quoting we rely on: refuse what would need it. */
function plain(key: string, value: string, target: string): string {
  if (!/^[^\s'"\\=]+$/.test(value)) {
    throw new Error(`userbridge: PgBouncer target ${target}: its ${key} has spaces, quotes or backslashes`);
  }
  return `${key}=${value}`;
}

/**
 * `host=... port=... dbname=... user=... password=...` for a postgresql:// URL; without dbname for the `*`
 * fallback entry (`withDatabase: false`), so the database is the one the client asked for.
 */
export function targetConnstr(name: string, url: string, withDatabase = true): string {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new Error(`userbridge: PgBouncer target ${name} is not a postgresql:// URL`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const parts = [
    plain("host", host, name),
    plain("port", parsed.port || "5432", name),
    ...(withDatabase
      ? [plain("dbname", decodeURIComponent(parsed.pathname.slice(1)) || "postgres", name)]
      : []),
    plain("user", decodeURIComponent(parsed.username) || "postgres", name),
  ];
  if (parsed.password) parts.push(plain("password", decodeURIComponent(parsed.password), name));
  return parts.join(" ");
}

/** The user clients connect as for `url` (the target's own user). */
export function targetUser(url: string): string {
  return decodeURIComponent(new URL(url).username) || "postgres";
}

export function pgBouncerIni(input: PgBouncerConfigInput): string {
  const databases = Object.entries(input.targets).map(([name, url]) => {
    if (!/^[A-Za-z0-9_]+$/.test(name) || name === "pgbouncer") {
      throw new Error(
        `userbridge: PgBouncer target name ${JSON.stringify(name)}: use letters, digits and _ (not "pgbouncer")`,
      );
    }
    return `${name} = ${targetConnstr(name, url)}`;
  });
  if (input.fallback !== undefined) databases.push(`* = ${targetConnstr("*", input.fallback, false)}`);
  const users = [...clientUsers(input.targets, input.fallback)].join(",");
  const settings: Record<string, string | number> = {
    listen_addr: "127.0.0.1",
    listen_port: input.port,
    unix_socket_dir: "",
    pidfile: input.pidFile,
    auth_type: "trust",
    auth_file: input.authFile,
    admin_users: users,
    stats_users: users,
    pool_mode: input.poolMode,
    default_pool_size: input.poolSize,
    max_client_conn: 500,
    // A server that was down is tried again after 1 s, not 15 s: tests stop and start servers.
    server_login_retry: 1,
    server_connect_timeout: 5,
    query_wait_timeout: 30,
    ...(input.ignoreStartupParameters.length > 0
      ? { ignore_startup_parameters: input.ignoreStartupParameters.join(",") }
      : {}),
    ...(input.maxPreparedStatements !== undefined
      ? { max_prepared_statements: input.maxPreparedStatements }
      : {}),
    ...input.settings,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key} = ${value}`);
  return `[databases]\n${databases.join("\n")}\n\n[pgbouncer]\n${lines.join("\n")}\n`;
}

function clientUsers(targets: Readonly<Record<string, string>>, fallback: string | undefined): Set<string> {
  const urls = [...Object.values(targets), ...(fallback === undefined ? [] : [fallback])];
  return new Set(["postgres", ...urls.map(targetUser)]);
}

/** The auth file: every user clients may connect as (trust: the password field is not checked). */
export function pgBouncerAuthFile(
  targets: Readonly<Record<string, string>>,
  fallback?: string | undefined,
): string {
  return [...clientUsers(targets, fallback)]
    .map((user) => `"${user.replaceAll('"', '""')}" ""`)
    .join("\n")
    .concat("\n");
}
