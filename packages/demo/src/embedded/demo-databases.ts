// The demo's three databases (identity, old site, new site): a server you name in the environment, or an
// embedded PGlite server whose files live under the data directory; each migrated before use.
import { join } from "node:path";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";
import { migrateDatabase, type SchemaName } from "./migrate.js";
import { DemoStoppedError } from "./stopped.js";

export const DEMO_DATABASES = {
  identity: { schema: "shared", env: "SHARED_DATABASE_URL", title: "identity (shared users and sessions)" },
  old: { schema: "app", env: "OLD_APP_DATABASE_URL", title: "old site" },
  new: { schema: "app", env: "NEW_APP_DATABASE_URL", title: "new site" },
} as const satisfies Record<string, { schema: SchemaName; env: string; title: string }>;

export type DemoDatabaseName = keyof typeof DEMO_DATABASES;
const NAMES = Object.keys(DEMO_DATABASES) as DemoDatabaseName[];

export interface DemoDatabasesOptions {
  readonly repoRoot: string;
  /** Where embedded databases keep their files (one directory each). */
  readonly dataDir: string;
  /** Read for SHARED_DATABASE_URL, OLD_APP_DATABASE_URL, NEW_APP_DATABASE_URL. @default process.env */
  readonly env?: Record<string, string | undefined>;
  readonly onProgress?: (message: string) => void;
  /** Checked before each database and before migrating: true undoes what was started and throws DemoStoppedError. */
  readonly shouldStop?: () => boolean;
}

export interface DemoDatabases {
  readonly urls: Record<DemoDatabaseName, string>;
  /** Which databases are embedded (the rest came from the environment). */
  readonly embedded: readonly EmbeddedPostgres[];
  /** Closes the embedded databases (close their clients first). */
  close(): Promise<void>;
}

/** Starts (or connects to) and migrates the three databases; on failure closes what it started. */
export async function startDemoDatabases(options: DemoDatabasesOptions): Promise<DemoDatabases> {
  const { repoRoot, dataDir, env = process.env, onProgress = () => {}, shouldStop = () => false } = options;
  const checkpoint = () => {
    if (shouldStop()) throw new DemoStoppedError();
  };
  const embedded: EmbeddedPostgres[] = [];
  const close = async () => {
    await Promise.all(embedded.map((database) => database.close()));
  };
  try {
    const urls = {} as Record<DemoDatabaseName, string>;
    // One at a time: PGlite's start-up is synchronous wasm work, so parallel starts gain nothing.
    for (const name of NAMES) {
      checkpoint();
      const external = env[DEMO_DATABASES[name].env]?.trim();
      if (external) {
        urls[name] = external;
        onProgress(`${name}: using ${DEMO_DATABASES[name].env}`);
        continue;
      }
      const started = performance.now();
      const database = await startEmbeddedPostgres({ name, dataDir: join(dataDir, name) });
      embedded.push(database);
      urls[name] = database.url;
      onProgress(`${name}: embedded PostgreSQL on ${database.url} (${elapsed(started)})`);
    }
    checkpoint();
    const started = performance.now();
    await Promise.all(
      NAMES.map((name) =>
        migrateDatabase({ repoRoot, schema: DEMO_DATABASES[name].schema, url: urls[name], label: name }),
      ),
    );
    onProgress(`migrations applied to all three databases (${elapsed(started)})`);
    return { urls, embedded, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
