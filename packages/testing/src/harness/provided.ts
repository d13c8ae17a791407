// What the integration global setup hands to test files through vitest's provide/inject.

/** A PostgreSQL server of the suite: one for the identity database, one for the sites' app databases. */
export type ServerName = "identity" | "app";
/** A migrated template database: one per Prisma schema, named as its folder prisma/<name>/ ("shared", "app", "new", ...). */
export type TemplateName = string;

export interface ServerInfo {
  /** Superuser URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  /**
   * USERBRIDGE_TEST_PGBOUNCER mode: the server's `postgres` database through the run's PgBouncer (tests
   * connect this way; create, drop and templates use adminUrl).
   */
  pooledUrl?: string;
  /** Set when the server runs in a container the tests may stop and start. */
  containerId?: string;
  /** Template databases migrated on this server, by schema. */
  templates: Partial<Record<TemplateName, string>>;
}

export interface HarnessInfo {
  /** `url`: the one server TEST_DATABASE_URL names; `containers` or `embedded`: two servers of the run's own. */
  mode: "url" | "containers" | "embedded";
  /** Embedded mode: where test workers ask the setup process to stop, crash or start a server. */
  controlUrl?: string;
  /** Prefix of every database this run creates (teardown drops what tests left behind). */
  testDatabasePrefix: string;
  servers: Record<ServerName, ServerInfo>;
  /** Set when test databases are reached through PgBouncer (USERBRIDGE_TEST_PGBOUNCER). */
  pgbouncer?: PgBouncerInfo;
}

export interface PgBouncerInfo {
  poolMode: "transaction";
  /** e.g. "1.18.0" */
  version: string;
  /** Startup parameters PgBouncer drops instead of refusing the client. */
  ignoredStartupParameters: string[];
}

export const HARNESS_KEY = "userbridgeHarness";

declare module "vitest" {
  export interface ProvidedContext {
    [HARNESS_KEY]: HarnessInfo;
  }
}
