// `pnpm demo:sites`: the two demo sites against PostgreSQL servers you name (see readSitesConfig).

import { parseArgs } from "node:util";
import { describeDatabaseUrl, InvalidConfigError } from "@userbridge/db";
import { type DemoOptions, readSiteConfig, readSitesConfig } from "../config.js";
import { startSite } from "../site.js";
import { SITE_NAMES, type SiteName, startSites } from "../sites.js";

async function start(site: SiteName | undefined, options: DemoOptions): Promise<{ close(): Promise<void> }> {
  if (site !== undefined) {
    const config = readSiteConfig(site, process.env, options);
    const running = await startSite(config);
    console.log(`identity database: ${describeDatabaseUrl(config.sharedDatabaseUrl)}`);
    console.log(
      `${running.name} site: ${running.url}  (own database ${describeDatabaseUrl(config.appDatabaseUrl)}, session fingerprint ${running.fingerprint})`,
    );
    return running;
  }
  const config = readSitesConfig(process.env, options);
  const sites = await startSites(config);
  console.log(`identity database: ${describeDatabaseUrl(config.sharedDatabaseUrl)}`);
  for (const running of [sites.old, sites.new]) {
    const own = running.name === "old" ? config.old : config.new;
    console.log(
      `${running.name} site: ${running.url}  (own database ${describeDatabaseUrl(own.appDatabaseUrl)}, session fingerprint ${running.fingerprint})`,
    );
  }
  return sites;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { site: { type: "string" }, "cross-domain": { type: "boolean" } },
    strict: true,
  });
  if (values.site !== undefined && !SITE_NAMES.includes(values.site as SiteName)) {
    throw new InvalidConfigError("demo:sites arguments", [`--site must be one of ${SITE_NAMES.join(", ")}`]);
  }
  // Without the flag, DEMO_CROSS_DOMAIN decides (what `pnpm demo --cross-domain` can set).
  const options: DemoOptions = values["cross-domain"] ? { crossDomain: true } : {};
  const sites = await start(values.site as SiteName | undefined, options);
  if (values["cross-domain"] || /^(1|true)$/i.test(process.env.DEMO_CROSS_DOMAIN?.trim() ?? "")) {
    console.log('Cross-domain: the sites share no cookie; on the new site, use "Log in with the old site".');
  }
  console.log("Create an admin: pnpm demo:admin <old|new> <email> <password>. Ctrl-C stops.");

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sites.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
