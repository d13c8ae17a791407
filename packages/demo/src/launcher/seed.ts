// The logins `pnpm demo` prints: one shared user (identity database) and one admin per site (that site's
// own database). Created once; a later run finds them and hashes nothing.
import { createPasswordUser, SESSION_ERROR_CODES } from "@userbridge/session";
import type { SiteName } from "../sites/names.js";
import type { RunningSites } from "../sites/sites.js";

export interface Login {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

export const DEMO_LOGIN: Login = { email: "demo@example.com", password: "demo-password", name: "Demo User" };

export const ADMIN_LOGINS: Record<SiteName, Login> = {
  old: { email: "admin@old.example.com", password: "old-admin-password", name: "Old Site Admin" },
  new: { email: "admin@new.example.com", password: "new-admin-password", name: "New Site Admin" },
};

type Seedable = Parameters<typeof createPasswordUser>[0];

/** `client` is `db.$pinned(name)`: failures name the database. */
async function ensureUser(client: Seedable, login: Login): Promise<"created" | "kept"> {
  const select = { id: true, email: true, name: true, passwordHash: true } as const;
  if (await client.user.findUnique({ where: { email: login.email }, select })) return "kept";
  try {
    await createPasswordUser(client, login);
    return "created";
  } catch (error) {
    // Another process seeded the same external database in between.
    if ((error as { code?: unknown }).code === SESSION_ERROR_CODES.EMAIL_TAKEN) return "kept";
    throw error;
  }
}

/**
 * Makes sure the demo login and the admin logins exist in the EMBEDDED databases, and says which it
 * had to create. A database named by an environment variable may be a real one: logins with
 * published passwords are never planted there.
 */
export async function seedDemoLogins(
  sites: RunningSites,
  embedded: ReadonlySet<"identity" | SiteName>,
): Promise<string[]> {
  const created: string[] = [];
  const work = [
    ...(embedded.has("identity")
      ? [
          ensureUser(sites.old.db.$pinned("shared"), DEMO_LOGIN).then(
            (result) => result === "created" && created.push(`${DEMO_LOGIN.email} (identity)`),
          ),
        ]
      : []),
    ...(["old", "new"] as const)
      .filter((name) => embedded.has(name))
      .map((name) =>
        ensureUser(sites[name].db.$pinned("app"), ADMIN_LOGINS[name]).then(
          (result) => result === "created" && created.push(`${ADMIN_LOGINS[name].email} (${name} admin)`),
        ),
      ),
  ];
  await Promise.all(work);
  return created;
}
