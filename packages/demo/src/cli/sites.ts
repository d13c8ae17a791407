// `pnpm demo:sites`: the two demo sites against PostgreSQL servers you name (see readSitesConfig).
import { describeDatabaseUrl, InvalidConfigError } from "@userbridge/db";
import { readSitesConfig } from "../config.js";
import { startSites } from "../sites.js";

async function main(): Promise<void> {
  const config = readSitesConfig();
  const sites = await startSites(config);
  console.log(`identity database: ${describeDatabaseUrl(config.sharedDatabaseUrl)}`);
  for (const site of [sites.old, sites.new]) {
    const own = site.name === "old" ? config.old : config.new;
    console.log(
      `${site.name} site: ${site.url}  (own database ${describeDatabaseUrl(own.appDatabaseUrl)}, session fingerprint ${site.fingerprint})`,
    );
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
