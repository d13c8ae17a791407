// The demo's three databases (identity, old site, new site): a server you name in the environment, or a
// database on the demo's one embedded PostgreSQL server (data under the data directory); each migrated
// before use.
import { ensureDatabase, startDemoServer } from "./demo-server.js";
import { migrateDatabase, type SchemaName } from "./migrate.js";
import type { PostgresServer } from "./postgres-server.js";
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
  /** Where the embedded server keeps its files. */
  readonly dataDir: string;
  /** Read for SHARED_DATABASE_URL, OLD_APP_DATABASE_URL, NEW_APP_DATABASE_URL. @default process.env */
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
    await Promise.all(
      NAMES.map((name) =>
        migrateDatabase({ repoRoot, schema: DEMO_DATABASES[name].schema, url: urls[name], label: name }),
      ),
    );
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
