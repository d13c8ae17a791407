// `pnpm demo:admin <old|new> <email> <password> [name]`: a site-local admin in that site's own database.
import { DatabaseUnavailableError, describeDatabaseUrl } from "@userbridge/db";
import { EmailTakenError, InvalidInputError } from "@userbridge/session";
import { createSiteAdmin } from "../admin-user.js";
import { SITE_NAMES, type SiteName } from "../sites.js";

const USAGE = "usage: pnpm demo:admin <old|new> <email> <password> [name]";
const URL_ENV = { old: "OLD_APP_DATABASE_URL", new: "NEW_APP_DATABASE_URL" } as const satisfies Record<
  SiteName,
  string
>;

async function main(argv: readonly string[]): Promise<number> {
  const [site, email, password, name] = argv;
  if (!SITE_NAMES.includes(site as SiteName) || email === undefined || password === undefined) {
    console.error(USAGE);
    return 2;
  }
  const variable = URL_ENV[site as SiteName];
  const url = process.env[variable];
  if (!url) {
    console.error(`userbridge demo: ${variable} is not set (the ${site} site's own database).`);
    return 2;
  }
  try {
    const admin = await createSiteAdmin(url, { email, password, ...(name && { name }) });
    console.log(
      `created admin ${admin.email} of the ${site} site in ${describeDatabaseUrl(url)}; log in at /admin`,
    );
    return 0;
  } catch (error) {
    if (
      error instanceof InvalidInputError ||
      error instanceof EmailTakenError ||
      error instanceof DatabaseUnavailableError
    ) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
