// The two demo sites by name, and where each keeps its own data: a schema (a folder under prisma/) and
// the variable naming its database. Imports no Prisma client, so the launcher and the CLIs can use it.
import { databaseUrlVariable } from "@userbridge/db/config";

export const SITE_NAMES = ["old", "new"] as const;
export type SiteName = (typeof SITE_NAMES)[number];

/** Each site's own schema: the old site's is `app` (with Post), the new site's `new` (Project, Task). */
export const SITE_SCHEMAS = { old: "app", new: "new" } as const satisfies Record<SiteName, string>;
export type SiteSchema = (typeof SITE_SCHEMAS)[SiteName];

/** The variable holding a site's own database URL: APP_DATABASE_URL (old), NEW_DATABASE_URL (new). */
export function siteDatabaseVariable(site: SiteName): string {
  return databaseUrlVariable(SITE_SCHEMAS[site]);
}

/** The identity database's variable, SHARED_DATABASE_URL. */
export const IDENTITY_DATABASE_VARIABLE = databaseUrlVariable("shared");

export function isSiteName(value: unknown): value is SiteName {
  return SITE_NAMES.includes(value as SiteName);
}
