// Everything `pnpm demo` runs, without the terminal: the data directory, three migrated databases (one
// embedded server), both sites and the seeded logins; close() takes it all down in reverse order.
import { readSitesConfig } from "../sites/config.js";
import { IDENTITY_DATABASE_VARIABLE, siteDatabaseVariable } from "../sites/names.js";
import { type RunningSites, startSites } from "../sites/sites.js";
import { lockDataDir, resetDataDir } from "./data-dir.js";
import { type DemoDatabaseName, type DemoDatabases, startDemoDatabases } from "./demo-databases.js";
import { seedDemoLogins } from "./seed.js";
import { demoSessionPassword } from "./session-secret.js";
import { DemoStoppedError } from "./stopped.js";

export interface StartDemoOptions {
  readonly repoRoot: string;
  /** Embedded databases and the demo's session password live here. */
  readonly dataDir: string;
  /** Delete the data directory first. @default false */
  readonly reset?: boolean;
  /** Database URLs, ports and SESSION_* settings (see readSitesConfig). @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Override PORT_OLD / PORT_NEW (0: any free port). */
  readonly ports?: { readonly old?: number; readonly new?: number };
  readonly onProgress?: (message: string) => void;
  /** Checked between steps: when it returns true, start-up undoes what it did and throws DemoStoppedError. */
  readonly shouldStop?: () => boolean;
}

export interface RunningDemo {
  readonly sites: RunningSites;
  readonly databases: DemoDatabases;
  /** The seeded logins this run had to create (empty when they existed). */
  readonly created: readonly string[];
  /** Sites, then databases, then the data directory lock. Idempotent. */
  close(): Promise<void>;
}

export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const { repoRoot, dataDir, env = process.env, onProgress = () => {}, shouldStop = () => false } = options;
  const undo: (() => Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const step of undo.reverse()) await step();
    })();
    return closing;
  };
  const checkpoint = () => {
    if (shouldStop()) throw new DemoStoppedError();
  };

  try {
    const lock = await lockDataDir(dataDir);
    undo.push(() => lock.release());
    if (options.reset) {
      await resetDataDir(dataDir);
      onProgress(`deleted ${dataDir} (--reset)`);
    }
    checkpoint();
    const databases = await startDemoDatabases({ repoRoot, dataDir, env, onProgress, shouldStop });
    undo.push(() => databases.close());
    checkpoint();

    const config = readSitesConfig({
      ...env,
      [IDENTITY_DATABASE_VARIABLE]: databases.urls.identity,
      [siteDatabaseVariable("old")]: databases.urls.old,
      [siteDatabaseVariable("new")]: databases.urls.new,
      SESSION_PASSWORD: env.SESSION_PASSWORD?.trim() || (await demoSessionPassword(dataDir)),
    });
    const sites = await startSites({
      ...config,
      old: { ...config.old, ...(options.ports?.old !== undefined && { port: options.ports.old }) },
      new: { ...config.new, ...(options.ports?.new !== undefined && { port: options.ports.new }) },
    });
    undo.push(() => sites.close());
    checkpoint();

    const embedded = new Set<DemoDatabaseName>(databases.embedded);
    const created = await seedDemoLogins(sites, embedded);
    return { sites, databases, created, close };
  } catch (error) {
    await close();
    throw error;
  }
}
