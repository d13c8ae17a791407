// The demo's three databases (identity, old site, new site): a server you name in the environment, or a
// database on the demo's one embedded PostgreSQL server (data under the data directory); each migrated
// before use.
import type { PostgresServer } from "@userbridge/embedded";
import { IDENTITY_DATABASE_VARIABLE, SITE_SCHEMAS, siteDatabaseVariable } from "../sites/names.js";
import { ensureDatabase, startDemoServer } from "./demo-server.js";
import { type MigrationTarget, migrateDatabases, type SchemaName } from "./migrate.js";
import { DemoStoppedError } from "./stopped.js";

/** The demo's databases: each migrated with its own schema, each replaceable by its variable. */
export const DEMO_DATABASES = {
  identity: {
    schema: "shared",
    env: IDENTITY_DATABASE_VARIABLE,
    title: "identity (shared users and sessions)",
  },
  old: { schema: SITE_SCHEMAS.old, env: siteDatabaseVariable("old"), title: "old site (schema app: posts)" },
  new: {
    schema: SITE_SCHEMAS.new,
    env: siteDatabaseVariable("new"),
    title: "new site (schema new: projects)",
  },
} as const satisfies Record<string, { schema: SchemaName; env: string; title: string }>;

export type DemoDatabaseName = keyof typeof DEMO_DATABASES;
const NAMES = Object.keys(DEMO_DATABASES) as DemoDatabaseName[];

export interface DemoDatabasesOptions {
  readonly repoRoot: string;
  /** Where the embedded server keeps its files. */
  readonly dataDir: string;
  /** Read for SHARED_DATABASE_URL, APP_DATABASE_URL (old site), NEW_DATABASE_URL (new site). @default process.env */
  readonly env?: Record<string, string | undefined>;
  readonly onProgress?: (message: string) => void;
  /** Checked between steps: true undoes what was started and throws DemoStoppedError. */
  readonly shouldStop?: () => boolean;
}

export interface DemoDatabases {
  readonly urls: Record<DemoDatabaseName, string>;
  /** The databases on the embedded server (the rest came from the environment). */
  readonly embedded: readonly DemoDatabaseName[];
  /** The embedded server, when any database is embedded. */
  readonly server: PostgresServer | undefined;
  /** Stops the embedded server (close its clients first). */
  close(): Promise<void>;
}

/** Starts (or connects to) and migrates the three databases; on failure stops what it started. */
export async function startDemoDatabases(options: DemoDatabasesOptions): Promise<DemoDatabases> {
  const { repoRoot, dataDir, env = process.env, onProgress = () => {}, shouldStop = () => false } = options;
  const checkpoint = () => {
    if (shouldStop()) throw new DemoStoppedError();
  };
  const urls = {} as Record<DemoDatabaseName, string>;
  const embedded = NAMES.filter((name) => !env[DEMO_DATABASES[name].env]?.trim());
  for (const name of NAMES) {
    if (!embedded.includes(name)) {
      urls[name] = env[DEMO_DATABASES[name].env]?.trim() as string;
      onProgress(`${name}: using ${DEMO_DATABASES[name].env}`);
    }
  }
  let server: PostgresServer | undefined;
  const close = async () => {
    await server?.stop();
  };
  try {
    checkpoint();
    if (embedded.length > 0) {
      const started = performance.now();
      server = await startDemoServer(dataDir);
      onProgress(
        `embedded PostgreSQL ${server.created ? "created and started" : "started"} on 127.0.0.1:${server.port} (${elapsed(started)})`,
      );
      checkpoint();
      for (const name of embedded) {
        if (await ensureDatabase(server, name)) onProgress(`${name}: created database ${name}`);
        urls[name] = server.url(name);
      }
    }
    checkpoint();
    const started = performance.now();
    await migrateDatabases(repoRoot, demoMigrations(urls));
    onProgress(`migrations applied to all three databases (${elapsed(started)})`);
    return { urls, embedded, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** What each demo database is migrated with: identity `shared`, old site `app`, new site `new`. */
export function demoMigrations(urls: Readonly<Partial<Record<DemoDatabaseName, string>>>): MigrationTarget[] {
  return NAMES.filter((name) => urls[name] !== undefined).map((name) => ({
    schema: DEMO_DATABASES[name].schema,
    url: urls[name] as string,
    label: name,
  }));
}
