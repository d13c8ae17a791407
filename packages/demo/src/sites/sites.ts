// Both demo sites on one identity database, each on its own database with its own schema: the "old"
// site (schema app, posts) and the "new" one (schema new, projects and tasks), exactly as two
// deployments would be (two routed clients, two session setups).
import { warnUnlessSharedSessions } from "@userbridge/session";
import { crossDomainSite, freePort } from "./cross-domain.js";
import type { SiteName } from "./names.js";
import type { SiteDbs } from "./registry.js";
import { type RunningSite, type SiteConfig, startSite } from "./site.js";

export { SITE_NAMES, type SiteName } from "./names.js";

/** One site's own settings in SitesConfig. */
export interface OwnSiteConfig {
  /** The site's own database, migrated with its own schema (old: app, new: new). */
  readonly appDatabaseUrl: string;
  /** @default 0 (any free port) */
  readonly port?: number;
}

export interface SitesConfig
  extends Omit<SiteConfig, "site" | "label" | "appDatabaseUrl" | "port" | "links"> {
  readonly old: OwnSiteConfig;
  readonly new: OwnSiteConfig;
  /** Warns when the sites' session fingerprints differ. @default console.warn */
  readonly warn?: (message: string) => void;
  /**
   * Old on http://localhost, new on http://127.0.0.1 (no shared cookie), the new site logging in through
   * the old one's hand-off (see cross-domain.ts); `hostname` is then ignored. @default false
   */
  readonly crossDomain?: boolean;
}

export interface RunningSites {
  readonly old: RunningSite<SiteDbs["old"]>;
  readonly new: RunningSite<SiteDbs["new"]>;
  close(): Promise<void>;
}

/** Starts the old site, then the new one; on failure stops what started. */
export async function startSites(config: SitesConfig): Promise<RunningSites> {
  const { old: oldSite, new: newSite, warn, crossDomain = false, ...shared } = config;
  const links: Record<string, string> = {};
  const started: RunningSite[] = [];
  // Cross-domain sites name each other's origin in their configuration, so their ports are chosen first.
  const ports = {
    old: oldSite.port || (crossDomain ? await freePort() : 0),
    new: newSite.port || (crossDomain ? await freePort() : 0),
  };
  const start = async <N extends SiteName>(site: N, own: OwnSiteConfig) => {
    const base = { ...shared, site, links, appDatabaseUrl: own.appDatabaseUrl, port: ports[site] };
    const running = await startSite(
      crossDomain ? { ...base, ...crossDomainSite(site, ports, shared.session) } : base,
    );
    started.push(running);
    return running;
  };
  try {
    const oldRunning = await start("old", oldSite);
    const newRunning = await start("new", newSite);
    Object.assign(links, { old: oldRunning.url, new: newRunning.url });
    warnUnlessSharedSessions({ old: oldRunning.fingerprint, new: newRunning.fingerprint }, warn);
    return {
      old: oldRunning,
      new: newRunning,
      async close() {
        await Promise.all(started.map((site) => site.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((site) => site.close()));
    throw error;
  }
}
