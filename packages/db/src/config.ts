import { InvalidConfigError } from "@userbridge/router";
import { z } from "zod";

/** The two databases every site talks to. */
export type DatabaseName = "shared" | "app";

/** A schema name as an environment variable prefix: `blog-v2` -> `BLOG_V2`. */
const variablePrefix = (schema: string) => schema.toUpperCase().replace(/[^A-Z0-9]/g, "_");

/**
 * The one mapping from a schema (a folder under prisma/) to the variable holding its database's URL:
 * `shared` -> SHARED_DATABASE_URL, `app` -> APP_DATABASE_URL, `blog` -> BLOG_DATABASE_URL.
 */
export function databaseUrlVariable(schema: string): string {
  return `${variablePrefix(schema)}_DATABASE_URL`;
}

/** The shadow database `prisma migrate dev` may use for `schema`: `<NAME>_SHADOW_DATABASE_URL`. */
export function shadowDatabaseUrlVariable(schema: string): string {
  return `${variablePrefix(schema)}_SHADOW_DATABASE_URL`;
}

/** The read replicas of `schema`'s database, comma-separated: `<NAME>_REPLICA_URLS`. */
export function replicaUrlsVariable(schema: string): string {
  return `${variablePrefix(schema)}_REPLICA_URLS`;
}

/** A direct (not pooled) URL of `schema`'s database, for session-scoped work: `<NAME>_DIRECT_URL`. */
export function directUrlVariable(schema: string): string {
  return `${variablePrefix(schema)}_DIRECT_URL`;
}

// Each check parses on its own: zod runs them all, so a later one must not throw on an earlier failure.
const parsedUrl = (value: string) => (URL.canParse(value) ? new URL(value) : undefined);

const postgresUrl = z
  .string({ error: "is not set" })
  .trim()
  .min(1, "is empty")
  .refine((value) => value === "" || URL.canParse(value), "is not a URL")
  .refine((value) => {
    const url = parsedUrl(value);
    return url === undefined || /^postgres(ql)?:$/.test(url.protocol);
  }, "must start with postgresql:// or postgres://")
  .refine((value) => {
    const url = parsedUrl(value);
    return url === undefined || url.pathname.length > 1;
  }, "must name a database (…/dbname)");

/** What is wrong with a database URL (`["is not a URL"]`), or `[]`. */
export function postgresUrlIssues(url: string): string[] {
  const parsed = postgresUrl.safeParse(url);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

/**
 * Reads and validates the URLs of the named databases from `env`.
 * @throws InvalidConfigError naming every missing or malformed variable.
 */
export function readDatabaseUrls<const N extends string>(
  names: readonly N[],
  env: Record<string, string | undefined> = process.env,
): Record<N, string> {
  const shape = Object.fromEntries(names.map((name) => [databaseUrlVariable(name), postgresUrl]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(
      "database configuration",
      parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    );
  }
  return Object.fromEntries(
    names.map((name) => [name, parsed.data[databaseUrlVariable(name)] as string]),
  ) as Record<N, string>;
}

/**
 * Reads and validates `<NAME>_DIRECT_URL` when set (SHARED_DIRECT_URL: where the session cache LISTENs,
 * when the pool's URL goes through PgBouncer in transaction mode, which cannot hold a LISTEN).
 * @throws InvalidConfigError when it is set but malformed.
 */
export function readDirectUrl(
  schema: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const variable = directUrlVariable(schema);
  if (env[variable] === undefined || env[variable] === "") return undefined;
  const parsed = postgresUrl.safeParse(env[variable]);
  if (parsed.success) return parsed.data;
  throw new InvalidConfigError(
    "database configuration",
    parsed.error.issues.map((issue) => `${variable} ${issue.message}`),
  );
}

/** `host:port/database as user`: safe to print, never includes the password. */
export function describeDatabaseUrl(url: string): string {
  const { hostname, port, pathname, username } = new URL(url);
  return `${hostname}:${port || "5432"}${pathname}${username ? ` as ${decodeURIComponent(username)}` : ""}`;
}
