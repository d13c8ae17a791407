import { InvalidConfigError } from "@userbridge/router";
import { z } from "zod";

/** The two databases every site talks to. */
export type DatabaseName = "shared" | "app";

/** Environment variable that holds each database's URL. */
export const DATABASE_URL_ENV = {
  shared: "SHARED_DATABASE_URL",
  app: "APP_DATABASE_URL",
} as const satisfies Record<DatabaseName, string>;

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

/**
 * Reads and validates the URLs of the named databases from `env`.
 * @throws InvalidConfigError naming every missing or malformed variable.
 */
export function readDatabaseUrls<const N extends DatabaseName>(
  names: readonly N[],
  env: Record<string, string | undefined> = process.env,
): Record<N, string> {
  const shape = Object.fromEntries(names.map((name) => [DATABASE_URL_ENV[name], postgresUrl]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(
      "database configuration",
      parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    );
  }
  return Object.fromEntries(
    names.map((name) => [name, parsed.data[DATABASE_URL_ENV[name]] as string]),
  ) as Record<N, string>;
}

/**
 * A direct URL of the identity database for the session cache's LISTEN connection, when the pool's URL
 * goes through PgBouncer in transaction mode (which cannot hold a LISTEN). Unset: the pool's URL.
 */
export const DIRECT_URL_ENV = "SHARED_DIRECT_URL";

/**
 * Reads and validates SHARED_DIRECT_URL, when set.
 * @throws InvalidConfigError when it is set but malformed.
 */
export function readDirectUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env[DIRECT_URL_ENV] === undefined || env[DIRECT_URL_ENV] === "") return undefined;
  const parsed = postgresUrl.safeParse(env[DIRECT_URL_ENV]);
  if (parsed.success) return parsed.data;
  throw new InvalidConfigError(
    "database configuration",
    parsed.error.issues.map((issue) => `${DIRECT_URL_ENV} ${issue.message}`),
  );
}

/** `host:port/database as user`: safe to print, never includes the password. */
export function describeDatabaseUrl(url: string): string {
  const { hostname, port, pathname, username } = new URL(url);
  return `${hostname}:${port || "5432"}${pathname}${username ? ` as ${decodeURIComponent(username)}` : ""}`;
}
