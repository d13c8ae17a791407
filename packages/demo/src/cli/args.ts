// The demo CLIs' arguments, parsed with node:util's parseArgs (strict: an unknown option is an error
// that names it). Each parser returns what to run, or the usage text to print.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { isSiteName, SITE_NAMES, type SiteName } from "../sites/names.js";

/** What a command line asks for: run with these options, print the help, or a usage error (exit 2). */
export type Parsed<T> =
  | { readonly kind: "run"; readonly options: T }
  | { readonly kind: "help"; readonly usage: string }
  | { readonly kind: "error"; readonly message: string };

function parse<T>(
  usage: string,
  argv: readonly string[],
  config: Omit<ParseArgsConfig, "args" | "strict">,
  read: (values: Record<string, string | boolean | undefined>, positionals: string[]) => T | string,
): Parsed<T> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ ...config, args: [...argv], strict: true }) as typeof parsed;
  } catch (error) {
    return { kind: "error", message: `userbridge: ${(error as Error).message}\n${usage}` };
  }
  if (parsed.values.help) return { kind: "help", usage };
  const options = read(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  return typeof options === "string"
    ? { kind: "error", message: `userbridge: ${options}\n${usage}` }
    : { kind: "run", options };
}

const HELP = { help: { type: "boolean", short: "h" } } as const;

export const DEMO_USAGE = `usage: pnpm demo [--reset] [--data-dir <dir>] [--cross-domain]
  Starts the old and new demo sites on one embedded PostgreSQL server (data in .data/demo).
  --reset            delete the demo's data first
  --cross-domain     old on http://localhost, new on http://127.0.0.1: no shared cookie, the hand-off on
  --data-dir <dir>   keep the data elsewhere (e.g. to run a second demo on other ports)
  SHARED_DATABASE_URL (identity), APP_DATABASE_URL (old site), NEW_DATABASE_URL (new site): use these servers instead
  PORT_OLD (3001), PORT_NEW (3002), SESSION_PASSWORD: as for pnpm demo:sites`;

export interface DemoArgs {
  readonly reset: boolean;
  readonly crossDomain: boolean;
  /** As given (relative to the working directory); undefined: .data/demo. */
  readonly dataDir: string | undefined;
}

export function parseDemoArgs(argv: readonly string[]): Parsed<DemoArgs> {
  return parse(
    DEMO_USAGE,
    argv,
    {
      options: {
        ...HELP,
        reset: { type: "boolean", default: false },
        "cross-domain": { type: "boolean", default: false },
        "data-dir": { type: "string" },
      },
    },
    (values) => ({
      reset: values.reset === true,
      crossDomain: values["cross-domain"] === true,
      dataDir: values["data-dir"] as string | undefined,
    }),
  );
}

export const SITES_USAGE = `usage: pnpm demo:sites [--site <old|new>] [--cross-domain] [--no-migrate]
  Both demo sites (or one, --site) on the PostgreSQL databases you name, each migrated first:
  SHARED_DATABASE_URL (identity, schema shared), APP_DATABASE_URL (old site, schema app),
  NEW_DATABASE_URL (new site, schema new); PORT_OLD (3001), PORT_NEW (3002), SESSION_PASSWORD.
  --site <name>      one site alone, as its own deployment (its database and the identity one)
  --cross-domain     old on http://localhost, new on http://127.0.0.1, the hand-off on (DEMO_CROSS_DOMAIN=1)
  --no-migrate       start without applying pending migrations`;

export interface SitesArgs {
  /** One site alone; undefined: both. */
  readonly site: SiteName | undefined;
  /** Undefined: DEMO_CROSS_DOMAIN decides. */
  readonly crossDomain: true | undefined;
  readonly migrate: boolean;
}

export function parseSitesArgs(argv: readonly string[]): Parsed<SitesArgs> {
  return parse(
    SITES_USAGE,
    argv,
    {
      options: {
        ...HELP,
        site: { type: "string" },
        "cross-domain": { type: "boolean" },
        migrate: { type: "boolean", default: true },
      },
      allowNegative: true,
    },
    (values) => {
      const { site } = values;
      if (site !== undefined && !isSiteName(site)) return `--site must be one of ${SITE_NAMES.join(", ")}`;
      return {
        site: site as SiteName | undefined,
        crossDomain: values["cross-domain"] === true ? true : undefined,
        migrate: values.migrate !== false,
      };
    },
  );
}

export const ADMIN_USAGE = `usage: pnpm demo:admin <old|new> <email> <password> [name]
  Creates an admin of that site in its own database: APP_DATABASE_URL (old), NEW_DATABASE_URL (new).`;

export interface AdminArgs {
  readonly site: SiteName;
  readonly email: string;
  readonly password: string;
  readonly name: string | undefined;
}

export function parseAdminArgs(argv: readonly string[]): Parsed<AdminArgs> {
  return parse(ADMIN_USAGE, argv, { options: HELP, allowPositionals: true }, (_values, positionals) => {
    const [site, email, password, name, ...rest] = positionals;
    if (!isSiteName(site)) return `the site must be one of ${SITE_NAMES.join(", ")}`;
    if (email === undefined || password === undefined) return "an email and a password are needed";
    if (rest.length > 0) return `unexpected argument ${rest[0]}`;
    return { site, email, password, name };
  });
}

export const SCREENSHOTS_USAGE = `usage: pnpm demo:screenshots [--out <dir>]
  Starts the demo on a fresh embedded PostgreSQL, fills both sites through headless Chromium (CHROMIUM_PATH,
  else /usr/bin/chromium) and saves old-site.png, new-site.png and admin.png.
  --out <dir>   where to save them (default: docs/screenshots)`;

export interface ScreenshotsArgs {
  /** As given; undefined: docs/screenshots. */
  readonly out: string | undefined;
}

export function parseScreenshotsArgs(argv: readonly string[]): Parsed<ScreenshotsArgs> {
  return parse(SCREENSHOTS_USAGE, argv, { options: { ...HELP, out: { type: "string" } } }, (values) => ({
    out: values.out as string | undefined,
  }));
}
