import { warnUnlessSharedSessions } from "@userbridge/session";
import { crossDomainSite, freePort } from "./cross-domain.js";
import { type RunningSite, type SiteConfig, startSite } from "./site.js";

export const SITE_NAMES = ["old", "new"] as const;
export type SiteName = (typeof SITE_NAMES)[number];

export interface SitesConfig extends Omit<SiteConfig, "name" | "appDatabaseUrl" | "port" | "links"> {
  readonly old: { readonly appDatabaseUrl: string /** @default 0 (any free port) */; readonly port?: number };
  readonly new: { readonly appDatabaseUrl: string /** @default 0 (any free port) */; readonly port?: number };
  /** Warns when the sites' session fingerprints differ. @default console.warn */
  readonly warn?: (message: string) => void;
  /**
   * Old on http://localhost, new on http://127.0.0.1 (no shared cookie), the new site logging in through
   * the old one's hand-off (see cross-domain.ts); `hostname` is then ignored. @default false
   */
  readonly crossDomain?: boolean;
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
  const { old: oldSite, new: newSite, warn, crossDomain = false, ...shared } = config;
  const links: Record<string, string> = {};
  const started: RunningSite[] = [];
  // Cross-domain sites name each other's origin in their configuration, so their ports are chosen first.
  const ports = {
    old: oldSite.port || (crossDomain ? await freePort() : 0),
    new: newSite.port || (crossDomain ? await freePort() : 0),
  };
  try {
    for (const [name, own] of [
      ["old", oldSite],
      ["new", newSite],
    ] as const) {
      const site = { ...shared, name, links, appDatabaseUrl: own.appDatabaseUrl, port: ports[name] };
      started.push(
        await startSite(crossDomain ? { ...site, ...crossDomainSite(name, ports, shared.session) } : site),
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
