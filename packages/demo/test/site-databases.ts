// The databases of a two-site test: the identity database (schema shared), the old site's own (schema
// app) and the new site's own (schema new), created before a file's tests and dropped after them.
// Register it before the hooks that start sites on them: vitest runs after-hooks in reverse, so the
// sites stop before their databases go.
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TemplateName, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll } from "vitest";
import { migrateDatabase } from "../src/launcher/migrate.js";
import { SITE_SCHEMAS, type SiteName } from "../src/sites/names.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface SiteDatabases {
  readonly shared: TestDatabase;
  readonly oldSite: TestDatabase;
  readonly newSite: TestDatabase;
}

/**
 * A fresh database of `site`'s own schema on the app server: a clone of the harness's migrated
 * template of that schema, or (while the harness has none, as for `new` before it builds one) an
 * empty database migrated here.
 */
export async function createSiteDatabase(site: SiteName): Promise<TestDatabase> {
  const schema = SITE_SCHEMAS[site];
  try {
    return await createTestDatabase("app", schema as TemplateName);
  } catch (error) {
    if (!/has no \S+ template/.test(String(error))) throw error;
  }
  const database = await createTestDatabase("app", "empty");
  try {
    // Migrations take an advisory lock: never through PgBouncer (USERBRIDGE_TEST_PGBOUNCER runs).
    await migrateDatabase({ repoRoot, schema, url: database.directUrl, label: `${site} site (test)` });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/** The three databases at once: identity, old site, new site. */
export async function createSitesDatabases(): Promise<SiteDatabases> {
  const results = await Promise.allSettled([
    createTestDatabase("identity", "shared"),
    createSiteDatabase("old"),
    createSiteDatabase("new"),
  ]);
  const made = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) {
    await Promise.all(made.map((database) => database.drop()));
    throw failure.reason;
  }
  const [shared, oldSite, newSite] = made as [TestDatabase, TestDatabase, TestDatabase];
  return { shared, oldSite, newSite };
}

/** Registers the hooks; the returned object is filled in before the first test runs. */
export function useSiteDatabases(): SiteDatabases {
  const databases = {} as { -readonly [K in keyof SiteDatabases]: SiteDatabases[K] };
  beforeAll(async () => {
    Object.assign(databases, await createSitesDatabases());
  }, 120_000);
  afterAll(async () => {
    await Promise.all([databases.shared?.drop(), databases.oldSite?.drop(), databases.newSite?.drop()]);
  });
  return databases;
}
