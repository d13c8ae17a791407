import { warnUnlessSharedSessions } from "@userbridge/session";
import { type RunningSite, type SiteConfig, startSite } from "./site.js";

export const SITE_NAMES = ["old", "new"] as const;
export type SiteName = (typeof SITE_NAMES)[number];

export interface SitesConfig extends Omit<SiteConfig, "name" | "appDatabaseUrl" | "port" | "links"> {
  readonly old: { readonly appDatabaseUrl: string /** @default 0 (any free port) */; readonly port?: number };
  readonly new: { readonly appDatabaseUrl: string /** @default 0 (any free port) */; readonly port?: number };
  /** Warns when the sites' session fingerprints differ. @default console.warn */
  readonly warn?: (message: string) => void;
}

export interface RunningSites {
  readonly old: RunningSite;
  readonly new: RunningSite;
  close(): Promise<void>;
}

/**
 * Starts the "old" and "new" sites on one shared identity database and their own app databases.
 * Each site is a separate routed client and session setup, exactly as two deployments would be.
 */
export async function startSites(config: SitesConfig): Promise<RunningSites> {
  const { old: oldSite, new: newSite, warn, ...shared } = config;
  const links: Record<string, string> = {};
  const started: RunningSite[] = [];
  try {
    for (const [name, own] of [
      ["old", oldSite],
      ["new", newSite],
    ] as const) {
      started.push(
        await startSite({ ...shared, name, links, appDatabaseUrl: own.appDatabaseUrl, port: own.port ?? 0 }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((site) => site.close()));
    throw error;
  }
  const [oldRunning, newRunning] = started as [RunningSite, RunningSite];
  Object.assign(links, { old: oldRunning.url, new: newRunning.url });
  warnUnlessSharedSessions({ old: oldRunning.fingerprint, new: newRunning.fingerprint }, warn);
  return {
    old: oldRunning,
    new: newRunning,
    async close() {
      await Promise.all(started.map((site) => site.close()));
    },
  };
}
