// Which Prisma schemas the monorepo has: every folder prisma/<name>/ that holds a schema.prisma. `shared` is
// the identity database's schema; every other one is a site's own database (its admin's copy of the identity
// models, plus the site's models). Nothing else lists the schemas.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A schema's name: its folder under prisma/, its client's subpath `@userbridge/clients/<name>`. */
export type SchemaName = string;

/** The identity database's schema, which every site shares. */
export const IDENTITY_SCHEMA = "shared";

/** The monorepo's prisma/ folder. */
export const PRISMA_DIR = fileURLToPath(new URL("../prisma/", import.meta.url));

/**
 * At most this long: the test harness names template databases `ub_tplbuild_<name>_<12 hex>`, and PostgreSQL
 * cuts names at 63 bytes.
 */
export const MAX_SCHEMA_NAME_LENGTH = 32;

/** Names taken by the test harness, and why. */
const RESERVED_NAMES = new Map([
  ["empty", 'createTestDatabase(server, "empty") is an empty database'],
  ["test", "TEST_DATABASE_URL names the test harness's server"],
]);

/** A usage mistake: the command prints its usage and exits 2. */
export class UsageError extends Error {}

/**
 * Why `name` cannot be a schema name, or undefined when it can: lower-case letters, digits and single `-`
 * between them, starting with a letter (it becomes an environment variable prefix, `blog-v2` ->
 * `BLOG_V2_DATABASE_URL`, and a package subpath).
 */
export function schemaNameProblem(name: string): string | undefined {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    return `"${name}" is not a schema name: use lower-case letters, digits and "-", starting with a letter (e.g. blog, shop-v2)`;
  }
  if (name.length > MAX_SCHEMA_NAME_LENGTH) {
    return `"${name}" is too long for a schema name (at most ${MAX_SCHEMA_NAME_LENGTH} characters)`;
  }
  // `<name>-shadow`'s URL variable would be <NAME>_SHADOW_DATABASE_URL: <name>'s shadow database.
  if (name.endsWith("-shadow")) return `"${name}" cannot be a schema name: it may not end in "-shadow"`;
  const reserved = RESERVED_NAMES.get(name);
  if (reserved) return `"${name}" is reserved: ${reserved}`;
  return undefined;
}

/** Every schema under `prismaDir` (default: the monorepo's prisma/): `shared` first, then the site schemas in alphabetical order. */
export function schemaNames(prismaDir: string = PRISMA_DIR): SchemaName[] {
  const names = readdirSync(prismaDir, { withFileTypes: true })
    // A dot folder is work in progress (db:add-site writes prisma/.<name>.partial/ first).
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .filter((entry) => existsSync(join(prismaDir, entry.name, "schema.prisma")))
    .map((entry) => entry.name)
    .sort();
  for (const name of names) {
    const problem = schemaNameProblem(name);
    if (problem) throw new Error(`userbridge: prisma/${name}/schema.prisma: ${problem}; rename its folder`);
  }
  if (!names.includes(IDENTITY_SCHEMA)) {
    throw new Error(`userbridge: prisma/${IDENTITY_SCHEMA}/schema.prisma (the identity schema) is missing`);
  }
  return [IDENTITY_SCHEMA, ...names.filter((name) => name !== IDENTITY_SCHEMA)];
}

/** The site schemas: every schema but `shared`. */
export function siteSchemaNames(prismaDir: string = PRISMA_DIR): SchemaName[] {
  return schemaNames(prismaDir).filter((name) => name !== IDENTITY_SCHEMA);
}

/**
 * The schemas `names` ask for, each once, in the order given; every schema when `names` is empty.
 * @param known the schemas to choose from. @default every schema under prisma/
 * @param kind what `known` holds, for the error message. @default "schemas"
 * @throws UsageError for an invalid name, or one with no prisma/<name>/schema.prisma (listing the known ones).
 */
export function resolveSchemas(
  names: readonly string[],
  known: readonly SchemaName[] = schemaNames(),
  kind = "schemas",
): SchemaName[] {
  if (names.length === 0) return [...known];
  for (const name of names) {
    const problem = schemaNameProblem(name);
    if (problem) throw new UsageError(problem);
    if (!known.includes(name)) {
      throw new UsageError(
        `there is no schema "${name}" (no prisma/${name}/schema.prisma); the ${kind} are: ${known.join(", ")}`,
      );
    }
  }
  return [...new Set(names)];
}
