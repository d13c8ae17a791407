import { InvalidConfigError } from "@userbridge/db";
import { resolveSessionConfig } from "@userbridge/session";
import { z } from "zod";
import { crossDomainSite } from "./cross-domain.js";
import type { SiteConfig } from "./site.js";
import type { SiteName, SitesConfig } from "./sites.js";

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

const VARIABLES = {
  SHARED_DATABASE_URL: databaseUrl,
  DEMO_CROSS_DOMAIN: flag,
  OLD_APP_DATABASE_URL: databaseUrl,
  NEW_APP_DATABASE_URL: databaseUrl,
  PORT_OLD: port(3001),
  PORT_NEW: port(3002),
};
const OWN_VARIABLES = {
  old: ["OLD_APP_DATABASE_URL", "PORT_OLD"],
  new: ["NEW_APP_DATABASE_URL", "PORT_NEW"],
} as const;

/** Validates the named variables and the SESSION_* ones at once. @throws InvalidConfigError naming every bad one. */
function readVariables<K extends keyof typeof VARIABLES>(
  keys: readonly K[],
  env: Readonly<Record<string, string | undefined>>,
): { [P in K]: z.output<(typeof VARIABLES)[P]> } {
  const schema = z.object(Object.fromEntries(keys.map((key) => [key, VARIABLES[key]])));
  const blank = (value: string | undefined) => (value?.trim() === "" ? undefined : value);
  const parsed = schema.safeParse(Object.fromEntries(keys.map((key) => [key, blank(env[key])])));
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
  return parsed.data as { [P in K]: z.output<(typeof VARIABLES)[P]> };
}

export interface DemoOptions {
  /** `--cross-domain` (see cross-domain.ts). @default DEMO_CROSS_DOMAIN (1/true) ?? false */
  readonly crossDomain?: boolean;
}

/**
 * What `pnpm demo:sites` runs with: SHARED_DATABASE_URL, OLD_APP_DATABASE_URL, NEW_APP_DATABASE_URL,
 * PORT_OLD (3001), PORT_NEW (3002), DEMO_CROSS_DOMAIN and the SESSION_* variables, all checked at once.
 * @throws InvalidConfigError naming every bad variable.
 */
export function readSitesConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: DemoOptions = {},
): SitesConfig {
  const vars = readVariables(
    ["SHARED_DATABASE_URL", ...OWN_VARIABLES.old, ...OWN_VARIABLES.new, "DEMO_CROSS_DOMAIN"],
    env,
  );
  return {
    sharedDatabaseUrl: vars.SHARED_DATABASE_URL,
    old: { appDatabaseUrl: vars.OLD_APP_DATABASE_URL, port: vars.PORT_OLD },
    new: { appDatabaseUrl: vars.NEW_APP_DATABASE_URL, port: vars.PORT_NEW },
    session: { env },
    crossDomain: options.crossDomain ?? vars.DEMO_CROSS_DOMAIN,
  };
}

/**
 * What `pnpm demo:sites --site <name>` runs with: one site alone (a deployment of its own, a process of
 * its own): SHARED_DATABASE_URL, that site's <NAME>_APP_DATABASE_URL and PORT_<NAME>, SESSION_*. In
 * cross-domain mode both ports are read (each site names the other's origin).
 * @throws InvalidConfigError naming every bad variable.
 */
export function readSiteConfig(
  name: SiteName,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: DemoOptions = {},
): SiteConfig {
  const [urlKey, portKey] = OWN_VARIABLES[name];
  const vars = readVariables(
    ["SHARED_DATABASE_URL", urlKey, "PORT_OLD", "PORT_NEW", "DEMO_CROSS_DOMAIN"],
    env,
  );
  const site: SiteConfig = {
    name,
    sharedDatabaseUrl: vars.SHARED_DATABASE_URL,
    appDatabaseUrl: vars[urlKey],
    port: vars[portKey],
    session: { env },
  };
  const crossDomain = options.crossDomain ?? vars.DEMO_CROSS_DOMAIN;
  return crossDomain
    ? { ...site, ...crossDomainSite(name, { old: vars.PORT_OLD, new: vars.PORT_NEW }, site.session) }
    : site;
}
