// What the integration global setup hands to test files through vitest's provide/inject.

/** A PostgreSQL server of the suite: one for the identity database, one for the sites' app databases. */
export type ServerName = "identity" | "app";
/** A migrated template database: one per Prisma schema. */
export type TemplateName = "shared" | "app";

export interface ServerInfo {
  /** Superuser URL of the server's `postgres` maintenance database. */
  adminUrl: string;
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
}

export const HARNESS_KEY = "userbridgeHarness";

declare module "vitest" {
  export interface ProvidedContext {
    [HARNESS_KEY]: HarnessInfo;
  }
}
