// One migrated template database per Prisma schema (every prisma/<name>/ on disk), named by a hash of its
// migrations folder, so a server that already has the current template (TEST_DATABASE_URL mode) reuses it.
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUrlVariable } from "@userbridge/db/config";
import { configPath } from "../../../../scripts/prisma.ts";
import { IDENTITY_SCHEMA, schemaNameProblem, siteSchemaNames } from "../../../../scripts/schemas.ts";
import { runCommand } from "../run-command.ts";
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  listDatabases,
  quoteIdent,
  withAdminClient,
} from "./admin.ts";
import type { ServerName, TemplateName } from "./provided.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
export const TEMPLATE_PREFIX = "ub_tpl_";

/**
 * The schemas whose templates a server gets: `shared` on the identity server, every site schema under
 * prisma/ (app, new, ...) on the app server, where each site's own database lives.
 */
export function templateSchemas(server: ServerName): TemplateName[] {
  return server === "identity" ? [IDENTITY_SCHEMA] : siteSchemaNames();
}

/**
 * ensureTemplate for each of `schemas` (e.g. `templateSchemas(server)`: every schema that server gets), at once.
 * @returns the template names by schema.
 */
export async function ensureTemplates(
  adminUrl: string,
  schemas: readonly TemplateName[],
  /** `dropStale`: also drop each schema's templates built from older migrations. @default false */
  { dropStale = false }: { dropStale?: boolean } = {},
): Promise<Record<TemplateName, string>> {
  const names = await Promise.all(schemas.map((schema) => ensureTemplate(adminUrl, schema)));
  if (dropStale) {
    for (const [index, schema] of schemas.entries()) {
      await dropStaleTemplates(adminUrl, schema, names[index] as string);
    }
  }
  return Object.fromEntries(schemas.map((schema, index) => [schema, names[index] as string]));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A short hash of every file's path and content under prisma/<schema>/migrations. */
export async function migrationsHash(schema: TemplateName): Promise<string> {
  const problem = schemaNameProblem(schema);
  if (problem) throw new Error(`userbridge: ${problem}`);
  const dir = join(REPO_ROOT, "prisma", schema, "migrations");
  const hash = createHash("sha256");
  const files = await listFiles(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`userbridge: ${relative(REPO_ROOT, dir)} does not exist`);
    throw error;
  });
  for (const file of files) {
    hash
      .update(relative(dir, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** `prisma migrate deploy --config prisma/<schema>/prisma.config.ts`, as `pnpm db:migrate` runs it. */
export async function migrateDeploy(schema: TemplateName, url: string): Promise<void> {
  const prisma = join(REPO_ROOT, "node_modules", ".bin", "prisma");
  const args = ["migrate", "deploy", "--config", configPath(schema)];
  const env = { ...process.env, [databaseUrlVariable(schema)]: url, CHECKPOINT_DISABLE: "1" };
  // A stuck CLI must fail the run, not stall it: global setup has no timeout of its own.
  const { code, output } = await runCommand(prisma, args, { cwd: REPO_ROOT, env, timeoutMs: 180_000 });
  if (code !== 0)
    throw new Error(`userbridge: prisma migrate deploy (${schema}) exited with ${code}:\n${output}`);
}

async function templateExists(adminUrl: string, name: string): Promise<boolean> {
  return withAdminClient(adminUrl, async (client) => {
    const { rowCount } = await client.query(
      "SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate",
      [name],
    );
    return rowCount === 1;
  });
}

/**
 * Returns the name of the migrated template for `schema` on the server, building it if needed.
 * It is migrated under a private name and renamed in one transaction, so a template under the final
 * name is always complete, even with concurrent runs against the same server.
 */
export async function ensureTemplate(adminUrl: string, schema: TemplateName): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${schema}_${await migrationsHash(schema)}`;
  if (await templateExists(adminUrl, name)) return name;

  const building = `ub_tplbuild_${schema}_${randomBytes(6).toString("hex")}`;
  await createDatabase(adminUrl, building, "template0");
  try {
    await migrateDeploy(schema, databaseUrl(adminUrl, building));
    await withAdminClient(adminUrl, async (client) => {
      await client.query("BEGIN");
      await client.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      await client.query(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE true`);
      await client.query("COMMIT");
    });
  } catch (error) {
    await dropDatabase(adminUrl, building);
    // Another run finished the same template first: use it.
    if (await templateExists(adminUrl, name)) return name;
    throw error;
  }
  return name;
}

/** Drops this schema's templates built from older migrations (best effort: one in use stays). */
export async function dropStaleTemplates(
  adminUrl: string,
  schema: TemplateName,
  current: string,
): Promise<void> {
  const stale = (await listDatabases(adminUrl, `${TEMPLATE_PREFIX}${schema}_`)).filter(
    (name) => name !== current,
  );
  for (const name of stale) {
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE false`);
      await client.query(`DROP DATABASE ${quoteIdent(name)}`);
    }).catch(() => undefined);
  }
}
