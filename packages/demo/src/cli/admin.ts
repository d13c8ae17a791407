// `pnpm demo:admin <old|new> <email> <password> [name]`: a site-local admin in that site's own database
// (APP_DATABASE_URL for the old site, NEW_DATABASE_URL for the new one).
import { describeDatabaseUrl } from "@userbridge/db";
import { createSiteAdmin } from "../sites/admin-user.js";
import { siteDatabaseVariable } from "../sites/names.js";
import { parseAdminArgs } from "./args.js";
import { optionsOrExit, runMain } from "./main.js";

async function main(): Promise<number> {
  const args = optionsOrExit(parseAdminArgs(process.argv.slice(2)));
  if (typeof args === "number") return args;
  const variable = siteDatabaseVariable(args.site);
  const url = process.env[variable]?.trim();
  if (!url) {
    console.error(`userbridge demo: ${variable} is not set (the ${args.site} site's own database).`);
    return 2;
  }
  // A bad email or password, a taken email, an unreachable database: runMain prints the message (exit 1).
  const { email, password, name } = args;
  const admin = await createSiteAdmin(args.site, url, { email, password, ...(name && { name }) });
  console.log(
    `created admin ${admin.email} of the ${args.site} site in ${describeDatabaseUrl(url)}; log in at /admin`,
  );
  return 0;
}

runMain(main);
