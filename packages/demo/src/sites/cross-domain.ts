// `--cross-domain`: the old site on http://localhost:PORT_OLD, the new one on http://127.0.0.1:PORT_NEW.
// Browsers keep cookies per host name, so the two share no cookie at all: the new site logs users in
// through the old one with the hand-off (SESSION_HOME_URL), as OldWebsite.com and NewWebsite.com would.
import { createServer } from "node:net";
import type { SiteName } from "./names.js";
import type { SiteConfig } from "./site.js";

export const CROSS_DOMAIN_HOSTS: Readonly<Record<SiteName, string>> = { old: "localhost", new: "127.0.0.1" };

/** The origin of a site in cross-domain mode. */
export const crossDomainOrigin = (name: SiteName, port: number) =>
  `http://${CROSS_DOMAIN_HOSTS[name]}:${port}`;

/**
 * The host name and session options of one site in cross-domain mode: the old site (home) trusts the
 * new site's origin as a `return_to`; the new site's SESSION_HOME_URL is the old site.
 */
export function crossDomainSite(
  name: SiteName,
  ports: Readonly<Record<SiteName, number>>,
  session: SiteConfig["session"] = {},
): Pick<SiteConfig, "hostname" | "session"> {
  if (name === "old") {
    const trustedOrigins = [...(session.trustedOrigins ?? []), crossDomainOrigin("new", ports.new)];
    return { hostname: CROSS_DOMAIN_HOSTS.old, session: { ...session, trustedOrigins } };
  }
  return {
    hostname: CROSS_DOMAIN_HOSTS.new,
    session: { ...session, homeUrl: crossDomainOrigin("old", ports.old) },
  };
}

/**
 * A port that is free now on 127.0.0.1: each site must know the other's origin before either listens.
 * (Another process could take it before the site listens; the site then fails to start, saying so.)
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
