// A site's databases for one test file: a fresh identity database, a fresh site database and the
// routed client over both, created before the file's tests and dropped after them.
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db, type DbConfig } from "../src/index.ts";

export interface SiteDb {
  readonly db: Db<AppClient>;
  readonly shared: TestDatabase;
  readonly app: TestDatabase;
}

/** Registers the hooks; the returned object is filled in before the first test runs. */
export function useSiteDb(
  config: Omit<DbConfig<AppClient>, "sharedDatabaseUrl" | "appDatabaseUrl" | "appClient"> = {},
): SiteDb {
  const site = {} as { db: Db<AppClient>; shared: TestDatabase; app: TestDatabase };
  beforeAll(async () => {
    [site.shared, site.app] = await Promise.all([
      createTestDatabase("identity", "shared"),
      createTestDatabase("app", "app"),
    ]);
    site.db = createDb({
      appClient: AppClient,
      ...config,
      sharedDatabaseUrl: site.shared.url,
      appDatabaseUrl: site.app.url,
    });
  });
  afterAll(async () => {
    await site.db?.$disconnect();
    await Promise.all([site.shared?.drop(), site.app?.drop()]);
  });
  return site;
}
