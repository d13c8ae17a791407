// `pnpm demo:sites`: the two demo sites (or one, --site) against PostgreSQL databases you name; each
// database is migrated with its own schema first (identity: shared, old site: app, new site: new), as
// `pnpm demo` does, so empty databases just work. See SITES_USAGE.
import { fileURLToPath } from "node:url";
import { describeDatabaseUrl } from "@userbridge/db";
import { type MigrationTarget, migrateDatabases } from "../launcher/migrate.js";
import { type DemoOptions, readSiteConfig, readSitesConfig } from "../sites/config.js";
import { SITE_SCHEMAS, type SiteName } from "../sites/names.js";
import { type RunningSite, startSite } from "../sites/site.js";
import { startSites } from "../sites/sites.js";
import { parseSitesArgs, type SitesArgs } from "./args.js";
import { optionsOrExit, runMain } from "./main.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

interface Plan {
  readonly sharedDatabaseUrl: string;
  readonly own: Partial<Record<SiteName, string>>;
  start(): Promise<{ readonly sites: readonly RunningSite[]; close(): Promise<void> }>;
}

/** Reads (and checks) the configuration of what to start; nothing is started yet. */
function plan(args: SitesArgs): Plan {
  const options: DemoOptions = args.crossDomain ? { crossDomain: true } : {};
  if (args.site !== undefined) {
    const config = readSiteConfig(args.site, process.env, options);
    return {
      sharedDatabaseUrl: config.sharedDatabaseUrl,
      own: { [args.site]: config.appDatabaseUrl },
      start: async () => {
        const running = await startSite(config);
        return { sites: [running], close: () => running.close() };
      },
    };
  }
  const config = readSitesConfig(process.env, options);
  return {
    sharedDatabaseUrl: config.sharedDatabaseUrl,
    own: { old: config.old.appDatabaseUrl, new: config.new.appDatabaseUrl },
    start: async () => {
      const sites = await startSites(config);
      return { sites: [sites.old, sites.new], close: () => sites.close() };
    },
  };
}

/** The identity database with `shared`, each site's own with its own schema. */
function migrations(plan: Plan): MigrationTarget[] {
  const own = (Object.entries(plan.own) as [SiteName, string][]).map(([site, url]) => ({
    schema: SITE_SCHEMAS[site],
    url,
    label: `${site} site`,
  }));
  return [{ schema: "shared", url: plan.sharedDatabaseUrl, label: "identity" }, ...own];
}

async function main(): Promise<number | undefined> {
  const args = optionsOrExit(parseSitesArgs(process.argv.slice(2)));
  if (typeof args === "number") return args;
  const what = plan(args);
  if (args.migrate) {
    const targets = migrations(what);
    const started = performance.now();
    console.log(
      `migrating ${targets.map((target) => `${target.label} (schema ${target.schema})`).join(", ")}...`,
    );
    await migrateDatabases(REPO_ROOT, targets);
    console.log(`migrations applied (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  const running = await what.start();
  console.log(`identity database: ${describeDatabaseUrl(what.sharedDatabaseUrl)}`);
  for (const site of running.sites) {
    console.log(
      `${site.name} site: ${site.url}  (own database ${describeDatabaseUrl(what.own[site.site] as string)}, schema ${SITE_SCHEMAS[site.site]}, session fingerprint ${site.fingerprint})`,
    );
  }
  if (args.crossDomain || /^(1|true)$/i.test(process.env.DEMO_CROSS_DOMAIN?.trim() ?? "")) {
    console.log('Cross-domain: the sites share no cookie; on the new site, use "Log in with the old site".');
  }
  console.log("Create an admin: pnpm demo:admin <old|new> <email> <password>. Ctrl-C stops.");

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return undefined;
}

runMain(main);
