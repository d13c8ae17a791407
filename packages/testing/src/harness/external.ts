// TEST_DATABASE_URL mode: no containers; both "servers" are the one server that URL names.
import { dropDatabase, listDatabases, withAdminClient } from "./admin.ts";
import type { ServerInfo } from "./provided.ts";
import { ensureTemplates, templateSchemas } from "./templates.ts";

function describe(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || "5432"}${pathname}`;
}

export async function prepareExternalServer(url: string): Promise<ServerInfo> {
  if (!URL.canParse(url) || !/^postgres(ql)?:$/.test(new URL(url).protocol)) {
    throw new Error("userbridge: TEST_DATABASE_URL must be a postgresql:// URL");
  }
  await withAdminClient(url, (client) => client.query("SELECT 1")).catch((error: Error) => {
    throw new Error(`userbridge: TEST_DATABASE_URL (${describe(url)}) does not answer: ${error.message}`);
  });
  // One server plays both: it gets the identity template and every site schema's.
  const schemas = [...templateSchemas("identity"), ...templateSchemas("app")];
  const templates = await ensureTemplates(url, schemas, { dropStale: true });
  console.log(
    `userbridge: integration tests use TEST_DATABASE_URL (${describe(url)}), templates ${Object.values(templates).join(", ")}`,
  );
  return { adminUrl: url, templates };
}

/** Drops every database of this run that tests left behind. */
export async function dropRunDatabases(adminUrl: string, prefix: string): Promise<void> {
  for (const name of await listDatabases(adminUrl, prefix)) await dropDatabase(adminUrl, name);
}
