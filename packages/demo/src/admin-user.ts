import { createAppClient } from "@userbridge/db-app";
import { createPasswordUser, type PasswordHasher, type SessionUser } from "@userbridge/session";

/**
 * Creates an admin user in a site's own database (never the shared one): what
 * `pnpm demo:admin <site> <email> <password>` runs.
 * @throws InvalidInputError, EmailTakenError, DatabaseUnavailableError
 */
export async function createSiteAdmin(
  appDatabaseUrl: string,
  input: { email: string; password: string; name?: string },
  options: { hasher?: PasswordHasher } = {},
): Promise<SessionUser> {
  const client = createAppClient(appDatabaseUrl, { connectionTimeoutMillis: 5_000 });
  try {
    return await createPasswordUser(client, input, options);
  } finally {
    await client.$disconnect();
  }
}
