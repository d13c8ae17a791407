// Which database a migrate command acts on: its URL from the environment (<NAME>_DATABASE_URL, named by
// @userbridge/db/config, the one mapping), described without the password.
import { describeDatabaseUrl, readDatabaseUrls } from "@userbridge/db/config";
import type { SchemaName } from "./schemas.ts";

export interface MigrateTarget {
  schema: SchemaName;
  url: string;
  /** `host:port/database as user`, safe to print. */
  description: string;
}

/** Reads and validates the URLs of `schemas` (one error naming every bad variable). */
export function migrateTargets(schemas: readonly SchemaName[], env = process.env): MigrateTarget[] {
  const urls = readDatabaseUrls(schemas, env);
  return schemas.map((schema) => ({
    schema,
    url: urls[schema] as string,
    description: describeDatabaseUrl(urls[schema] as string),
  }));
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * A database on this machine: loopback, or a Unix socket (no host, or `?host=/var/run/postgresql`).
 * A `?host=` parameter overrides the URL's host in pg, so it is the one judged when present.
 */
export function isLocalDatabase(url: string): boolean {
  const { hostname, searchParams } = new URL(url);
  const host = (searchParams.get("host") ?? (decodeURIComponent(hostname) || "/")).toLowerCase();
  return host.startsWith("/") || LOCAL_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
