// What `pnpm db:add-site <name>` writes: prisma/<name>/ with a schema holding the identity models exactly as
// prisma/shared declares them, a prisma.config.ts, and the identity migrations. Pure text and file copies;
// scripts/add-site.ts is the command.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The line below which a site schema's own models go (prisma/app and prisma/new have it too). */
export const SITE_MODELS_MARKER = "// Site models below this line.";

function block(schema: string, header: RegExp, what: string): { text: string; end: number } {
  const match = header.exec(schema);
  const close = match ? schema.indexOf("\n}", match.index) : -1;
  if (!match || close < 0) throw new Error(`userbridge: prisma/shared/schema.prisma has no ${what} block`);
  return { text: schema.slice(match.index, close + 2), end: close + 2 };
}

/**
 * The schema of a new site: prisma/shared's generator (its client written to packages/clients/src/<name>, the
 * subpath @userbridge/clients/<name>) and datasource, then everything after the datasource (the identity
 * models, comments included) as prisma/shared has it, then the marker for the site's own models.
 */
export function siteSchemaText(sharedSchema: string, name: string): string {
  const generator = block(sharedSchema, /^generator client \{/m, "generator client");
  const datasource = block(sharedSchema, /^datasource db \{/m, "datasource db");
  const output = `output              = "../../packages/clients/src/${name}"`;
  const generatorText = generator.text.replace(/^\s*output\s*=.*$/m, `  ${output}`);
  if (!generatorText.includes(output)) throw new Error("userbridge: prisma/shared's generator has no output");
  const identityModels = sharedSchema.slice(Math.max(generator.end, datasource.end)).trim();
  return [
    `// The database of the ${name} site: its own admin users and sessions (the identity models, exactly as in`,
    "// prisma/shared), and the site's own data.",
    generatorText,
    "",
    datasource.text,
    "",
    identityModels,
    "",
    SITE_MODELS_MARKER,
    "// A user id from the identity database is a plain column (`ownerId String`), without a relation: the",
    "// users live in another database.",
    "",
  ].join("\n");
}

/** prisma/<name>/prisma.config.ts: the CLI's configuration for the schema, from scripts/prisma-env.ts. */
export function siteConfigText(name: string, urlVariable: string): string {
  return [
    `// Configuration for the official prisma CLI on the ${name} site's database (${urlVariable}):`,
    `//   pnpm prisma migrate status --config prisma/${name}/prisma.config.ts`,
    'import { defineConfig } from "prisma/config";',
    'import { prismaSchemaConfig } from "../../scripts/prisma-env.ts";',
    "",
    `export default defineConfig(prismaSchemaConfig(${JSON.stringify(name)}));`,
    "",
  ].join("\n");
}

export interface ScaffoldOptions {
  /** The prisma/ folder holding prisma/shared. */
  prismaDir: string;
  /** The new schema's name (already validated). */
  name: string;
  /** Where to write the schema folder. @default join(prismaDir, name) */
  into?: string;
  /** prisma/shared/schema.prisma's text. */
  sharedSchema: string;
  /** The variable the db:* commands read the database's URL from (`BLOG_DATABASE_URL`), for a comment. */
  urlVariable: string;
}

/**
 * Writes the schema, its config and, as its first migrations, a copy of prisma/shared/migrations: the identity
 * tables with the very SQL the identity database and prisma/app got (hand-written triggers included), which
 * `prisma migrate dev` could not produce from the schema alone.
 */
export function writeSiteSchema(options: ScaffoldOptions): void {
  const { prismaDir, name, into = join(prismaDir, name), sharedSchema, urlVariable } = options;
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, "schema.prisma"), siteSchemaText(sharedSchema, name));
  writeFileSync(join(into, "prisma.config.ts"), siteConfigText(name, urlVariable));
  cpSync(join(prismaDir, "shared", "migrations"), join(into, "migrations"), { recursive: true });
}
