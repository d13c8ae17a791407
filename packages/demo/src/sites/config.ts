// The sites' configuration from the environment: each site's own database in the variable of its own
// schema (databaseUrlVariable: APP_DATABASE_URL for the old site, NEW_DATABASE_URL for the new one),
// the identity database in SHARED_DATABASE_URL, ports, cross-domain mode and SESSION_*.
import { InvalidConfigError } from "@userbridge/db";
import { resolveSessionConfig } from "@userbridge/session";
import { z } from "zod";
import { crossDomainSite } from "./cross-domain.js";
import { IDENTITY_DATABASE_VARIABLE, type SiteName, siteDatabaseVariable } from "./names.js";
import type { SiteConfig } from "./site.js";
import type { SitesConfig } from "./sites.js";

const databaseUrl = z
  .string({ error: "is not set" })
  .trim()
  .min(1, "is not set")
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    error: "must be a postgresql:// URL",
  });

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, "must be a port number")
    .transform(Number)
    .refine((value) => value > 0 && value < 65_536, "must be a port number (1-65535)")
    .optional()
    .transform((value) => value ?? fallback);

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(0|1|true|false)$/, "must be 1, 0, true or false")
  .transform((value) => value === "1" || value === "true")
  .optional()
  .transform((value) => value ?? false);

/** The variables of one site: its own database and its port. */
const OWN = {
  old: { database: siteDatabaseVariable("old"), port: "PORT_OLD", defaultPort: 3001 },
  new: { database: siteDatabaseVariable("new"), port: "PORT_NEW", defaultPort: 3002 },
} as const satisfies Record<SiteName, { database: string; port: string; defaultPort: number }>;

const CROSS_DOMAIN = "DEMO_CROSS_DOMAIN";

const ownChecks = (name: SiteName) => ({
  [OWN[name].database]: databaseUrl,
  [OWN[name].port]: port(OWN[name].defaultPort),
});

/** Validates the given variables and the SESSION_* ones at once. @throws InvalidConfigError naming every bad one. */
function readVariables(
  checks: Record<string, z.ZodType>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const blank = (value: string | undefined) => (value?.trim() === "" ? undefined : value);
  const keys = Object.keys(checks);
  const parsed = z.object(checks).safeParse(Object.fromEntries(keys.map((key) => [key, blank(env[key])])));
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  try {
    resolveSessionConfig({}, env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (!parsed.success || issues.length > 0) throw new InvalidConfigError("demo configuration", issues);
  return parsed.data;
}

export interface DemoOptions {
  /** `--cross-domain` (see cross-domain.ts). @default DEMO_CROSS_DOMAIN (1/true) ?? false */
  readonly crossDomain?: boolean;
}

/**
 * What `pnpm demo:sites` runs with: SHARED_DATABASE_URL, APP_DATABASE_URL (the old site's own),
 * NEW_DATABASE_URL (the new site's own), PORT_OLD (3001), PORT_NEW (3002), DEMO_CROSS_DOMAIN and the
 * SESSION_* variables, all checked at once.
 * @throws InvalidConfigError naming every bad variable.
 */
export function readSitesConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: DemoOptions = {},
): SitesConfig {
  const vars = readVariables(
    {
      [IDENTITY_DATABASE_VARIABLE]: databaseUrl,
      ...ownChecks("old"),
      ...ownChecks("new"),
      [CROSS_DOMAIN]: flag,
    },
    env,
  );
  const own = (name: SiteName) => ({
    appDatabaseUrl: vars[OWN[name].database] as string,
    port: vars[OWN[name].port] as number,
  });
  return {
    sharedDatabaseUrl: vars[IDENTITY_DATABASE_VARIABLE] as string,
    old: own("old"),
    new: own("new"),
    session: { env },
    crossDomain: options.crossDomain ?? (vars[CROSS_DOMAIN] as boolean),
  };
}

/**
 * What `pnpm demo:sites --site <name>` runs with: one site alone (a deployment of its own, a process of
 * its own): SHARED_DATABASE_URL, that site's own database variable (APP_DATABASE_URL or
 * NEW_DATABASE_URL) and PORT_<NAME>, SESSION_*. In cross-domain mode both ports are read (each site
 * names the other's origin).
 * @throws InvalidConfigError naming every bad variable.
 */
export function readSiteConfig(
  name: SiteName,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: DemoOptions = {},
): SiteConfig {
  const vars = readVariables(
    {
      [IDENTITY_DATABASE_VARIABLE]: databaseUrl,
      [OWN[name].database]: databaseUrl,
      [OWN.old.port]: port(OWN.old.defaultPort),
      [OWN.new.port]: port(OWN.new.defaultPort),
      [CROSS_DOMAIN]: flag,
    },
    env,
  );
  const site: SiteConfig = {
    site: name,
    sharedDatabaseUrl: vars[IDENTITY_DATABASE_VARIABLE] as string,
    appDatabaseUrl: vars[OWN[name].database] as string,
    port: vars[OWN[name].port] as number,
    session: { env },
  };
  const crossDomain = options.crossDomain ?? (vars[CROSS_DOMAIN] as boolean);
  const ports = { old: vars[OWN.old.port] as number, new: vars[OWN.new.port] as number };
  return crossDomain ? { ...site, ...crossDomainSite(name, ports, site.session) } : site;
}
