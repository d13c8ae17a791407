// The three databases of a two-site test (the identity database and each site's own), created before
// a file's tests and dropped after them. Register it before the hooks that start sites on them:
// vitest runs after-hooks in reverse, so the sites stop before their databases go.
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/databases.js";

export interface SiteDatabases {
  readonly shared: TestDatabase;
  readonly oldApp: TestDatabase;
  readonly newApp: TestDatabase;
}

/** Registers the hooks; the returned object is filled in before the first test runs. */
export function useSiteDatabases(): SiteDatabases {
  const databases = {} as { shared: TestDatabase; oldApp: TestDatabase; newApp: TestDatabase };
  beforeAll(async () => {
    [databases.shared, databases.oldApp, databases.newApp] = await Promise.all([
      createTestDatabase("identity", "shared"),
      createTestDatabase("app", "app"),
      createTestDatabase("app", "app"),
    ]);
  });
  afterAll(async () => {
    await Promise.all([databases.shared?.drop(), databases.oldApp?.drop(), databases.newApp?.drop()]);
  });
  return databases;
}
