// `pnpm demo:admin <site> <email> <password>`: an admin user in a site's own database (never the shared
// one), through that site's own generated client.
import { PrismaClient as OldSiteClient } from "@userbridge/clients/app";
import { PrismaClient as NewSiteClient } from "@userbridge/clients/new";
import { createPrismaClient } from "@userbridge/db";
import { createPasswordUser, type PasswordHasher, type SessionUser } from "@userbridge/session";
import type { SiteName } from "./names.js";

/** A client of `site`'s own generated schema (old `app`, new `new`) on `url`. */
function ownClient(site: SiteName, url: string) {
  const pool = { connectionTimeoutMillis: 5_000 };
  return site === "old"
    ? createPrismaClient(OldSiteClient, url, pool)
    : createPrismaClient(NewSiteClient, url, pool);
}

/**
 * Creates an admin user of `site` in its own database at `appDatabaseUrl`.
 * @throws InvalidInputError, EmailTakenError, DatabaseUnavailableError
 */
export async function createSiteAdmin(
  site: SiteName,
  appDatabaseUrl: string,
  input: { email: string; password: string; name?: string },
  options: { hasher?: PasswordHasher } = {},
): Promise<SessionUser> {
  const client = ownClient(site, appDatabaseUrl);
  try {
    return await createPasswordUser(client, input, options);
  } finally {
    await client.$disconnect();
  }
}
