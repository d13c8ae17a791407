import { InvalidConfigError } from "@userbridge/router";
import { z } from "zod";
import { sessionFingerprint } from "./fingerprint.js";

/** Options of createAuth; each one falls back to its environment variable, then to its default. */
export interface SessionConfigOptions {
  /**
   * Seals the cookie. One string of at least 32 characters, or `{ "<id>": "<password>" }` to rotate:
   * the highest id seals, every id unseals. Ids are integers and are never reused. Every site that
   * shares sessions must have the same map (or at least the sealing id).
   * @default process.env.SESSION_PASSWORD (a string, or that map as JSON)
   * @example { 1: "old-password-of-at-least-32-characters", 2: "new-password-of-at-least-32-characters" }
   */
  readonly password?: string | Readonly<Record<string, string>>;
  /**
   * Name of the shared session cookie; the admin cookie is `<cookieName>_admin`.
   * @default process.env.SESSION_COOKIE_NAME ?? "userbridge_session"
   */
  readonly cookieName?: string;
  /**
   * `Domain` of the shared cookie: the parent domain every sharing site is under (`.example.com`).
   * Unset means a host-only cookie (fine when the sites differ only by port, as on localhost).
   * @default process.env.SESSION_COOKIE_DOMAIN ?? undefined
   */
  readonly cookieDomain?: string;
  /**
   * Absolute lifetime of a session in seconds, from login; `0` ("never expires") is refused.
   * @default process.env.SESSION_TTL ?? 1209600 (14 days)
   */
  readonly ttl?: number;
  /**
   * A session unused for this many seconds ends (checked against the row's `lastSeenAt`,
   * which is refreshed at most once a minute). At most `ttl`.
   * @default process.env.SESSION_IDLE_TIMEOUT ?? 86400 (1 day)
   */
  readonly idleTimeout?: number;
  /**
   * Origins besides the site's own allowed to POST (login, logout...): exact `scheme://host[:port]`.
   * @default process.env.SESSION_TRUSTED_ORIGINS split on commas ?? []
   */
  readonly trustedOrigins?: readonly string[];
  /**
   * The site where users log in, for a site that shares no cookie domain with it: this site's
   * `GET /sso/start` hands the browser to `<homeUrl>/sso/authorize`, which must list this site's origin
   * in its own `trustedOrigins`. An origin (`scheme://host[:port]`, no path).
   * @default process.env.SESSION_HOME_URL ?? undefined (the hand-off is off: /sso/start answers 404)
   * @example "https://oldwebsite.com"
   */
  readonly homeUrl?: string;
  /**
   * The cookie's `Secure` flag. `"auto"`: set, except for plain-http requests to localhost,
   * `*.localhost`, 127.0.0.1 or [::1], so the demo works over http with curl and browsers.
   * @default "auto"
   */
  readonly secure?: boolean | "auto";
  /**
   * The fingerprint another site printed (`auth.fingerprint`): createAuth warns at start-up when
   * this site's differs, i.e. when the two would not share sessions.
   * @default process.env.SESSION_FINGERPRINT ?? undefined (no check)
   */
  readonly expectedFingerprint?: string;
  /**
   * How many unsealed cookies to remember (keyed by the exact cookie value, each kept no longer
   * than its seal is valid), so a returning request skips iron-session's key derivations.
   * @default 10000
   */
  readonly unsealCacheSize?: number;
  /**
   * Keep resolved sessions in memory while the identity database's change feed is live (no query on
   * a warm request; every change arrives by LISTEN/NOTIFY and drops what it names). `false` turns it off.
   * @default process.env.SESSION_CACHE === "off" ? false : { maxEntries: 10_000, ttlSeconds: 30 }
   */
  readonly sessionCache?: false | { readonly maxEntries?: number; readonly ttlSeconds?: number };
}

/** The validated configuration. */
export interface SessionConfig {
  readonly passwords: Readonly<Record<string, string>>;
  readonly cookieName: string;
  readonly cookieDomain: string | undefined;
  readonly ttl: number;
  readonly idleTimeout: number;
  readonly trustedOrigins: readonly string[];
  /** The origin of the site users log in on (cross-domain hand-off), or undefined. */
  readonly homeUrl: string | undefined;
  readonly secure: boolean | "auto";
  readonly unsealCacheSize: number;
  readonly sessionCache: false | { readonly maxEntries: number; readonly ttlSeconds: number };
  readonly expectedFingerprint: string | undefined;
  /** Same value on two sites = they share sessions (see sessionFingerprint). */
  readonly fingerprint: string;
}

export const SESSION_ENV = {
  password: "SESSION_PASSWORD",
  cookieName: "SESSION_COOKIE_NAME",
  cookieDomain: "SESSION_COOKIE_DOMAIN",
  ttl: "SESSION_TTL",
  idleTimeout: "SESSION_IDLE_TIMEOUT",
  trustedOrigins: "SESSION_TRUSTED_ORIGINS",
  homeUrl: "SESSION_HOME_URL",
  expectedFingerprint: "SESSION_FINGERPRINT",
  sessionCache: "SESSION_CACHE",
} as const;

const MIN_PASSWORD_LENGTH = 32;
// Browsers cap a cookie's lifetime at 400 days.
const MAX_TTL = 400 * 24 * 3600;

const secret = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`);

const passwordMap = z
  .record(z.string(), secret)
  .refine((map) => Object.keys(map).length > 0, "must contain at least one password")
  .refine(
    (map) => Object.keys(map).every((id) => /^[1-9]\d{0,8}$/.test(id)),
    "ids must be positive integers",
  );

const password = z
  .union([z.string(), z.record(z.string(), z.unknown())], { error: "is not set" })
  .transform((value, ctx) => {
    if (typeof value !== "string") return value;
    if (!value.trimStart().startsWith("{")) return { "1": value };
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'is not valid JSON (expected {"1":"<password>",...})' });
      return z.NEVER;
    }
  })
  .pipe(passwordMap);

function durationProblem(value: number): string | undefined {
  if (!Number.isInteger(value)) return "must be a whole number of seconds";
  if (value === 0) return "must not be 0 (that would mean the session never expires)";
  if (value < 60) return "must be at least 60 seconds";
  if (value > MAX_TTL) return `must be at most ${MAX_TTL} seconds (400 days)`;
  return undefined;
}

const seconds = (fallback: number) =>
  z.preprocess(
    (value) =>
      value === undefined
        ? fallback
        : typeof value === "string" && /^\s*\d+\s*$/.test(value)
          ? Number(value)
          : value,
    z.number({ error: "must be a whole number of seconds" }).check((ctx) => {
      const problem = durationProblem(ctx.value);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
    }),
  );

const origin = z.string().refine((value) => URL.canParse(value) && new URL(value).origin === value, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an origin (scheme://host[:port], no path)`,
});

// The home site's origin: an http(s) URL with nothing after the host but an optional "/".
const homeUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (
        /^https?:$/.test(url.protocol) &&
        url.username === "" &&
        url.password === "" &&
        url.pathname === "/" &&
        url.search === "" &&
        url.hash === "" &&
        /^https?:\/\/[^/?#]+\/?$/i.test(value)
      );
    },
    {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not an origin (http(s)://host[:port] of the site users log in on, no path)`,
    },
  )
  .transform((value) => new URL(value).origin)
  .optional();

const schema = z
  .object({
    password,
    cookieName: z
      .string()
      .regex(
        /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/,
        "must be 1-64 cookie-name characters (letters, digits, _ - .)",
      )
      .default("userbridge_session"),
    cookieDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/,
        "must be a domain such as .example.com (no scheme, port or path)",
      )
      .optional(),
    ttl: seconds(1_209_600),
    idleTimeout: seconds(86_400),
    trustedOrigins: z
      .union([
        z.array(z.string()),
        z.string().transform((list) => list.split(",").map((item) => item.trim())),
      ])
      .transform((list) => list.filter((item) => item !== ""))
      .pipe(z.array(origin))
      .default([]),
    homeUrl,
    secure: z.union([z.boolean(), z.literal("auto")]).default("auto"),
    unsealCacheSize: z.number().int().min(0).default(10_000),
    sessionCache: z
      .union([
        z.literal(false),
        z
          .enum(["on", "off"])
          .transform((value) => (value === "on" ? ({} as { maxEntries?: number }) : false)),
        z.object({
          maxEntries: z.number().int().min(1).optional(),
          ttlSeconds: z.number().int().min(1).max(300).optional(),
        }),
      ])
      .default({})
      .transform(
        (value: false | { maxEntries?: number; ttlSeconds?: number }) =>
          value && { maxEntries: value.maxEntries ?? 10_000, ttlSeconds: value.ttlSeconds ?? 30 },
      ),
    expectedFingerprint: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{16}$/, "must be 16 hex digits, as another site printed it")
      .optional(),
  })
  .refine((config) => config.idleTimeout <= config.ttl, {
    path: ["idleTimeout"],
    message: "must not be longer than ttl",
  });

function describePath(path: readonly PropertyKey[]): string {
  const [option] = path;
  const env = SESSION_ENV[option as keyof typeof SESSION_ENV];
  return env ? `${String(option)} (${env})` : path.map(String).join(".");
}

/**
 * Validates the session configuration: explicit options first, then the environment.
 * @throws InvalidConfigError naming every bad option at once (never echoing a password).
 */
export function resolveSessionConfig(
  options: SessionConfigOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): SessionConfig {
  const nonEmpty = (value: string | undefined) =>
    value === undefined || value.trim() === "" ? undefined : value;
  const parsed = schema.safeParse({
    password: options.password ?? nonEmpty(env[SESSION_ENV.password]),
    cookieName: options.cookieName ?? nonEmpty(env[SESSION_ENV.cookieName]),
    cookieDomain: options.cookieDomain ?? nonEmpty(env[SESSION_ENV.cookieDomain]),
    ttl: options.ttl ?? nonEmpty(env[SESSION_ENV.ttl]),
    idleTimeout: options.idleTimeout ?? nonEmpty(env[SESSION_ENV.idleTimeout]),
    trustedOrigins: options.trustedOrigins ?? nonEmpty(env[SESSION_ENV.trustedOrigins]),
    homeUrl: options.homeUrl ?? nonEmpty(env[SESSION_ENV.homeUrl]),
    secure: options.secure,
    unsealCacheSize: options.unsealCacheSize,
    sessionCache: options.sessionCache ?? nonEmpty(env[SESSION_ENV.sessionCache])?.trim().toLowerCase(),
    expectedFingerprint: options.expectedFingerprint ?? nonEmpty(env[SESSION_ENV.expectedFingerprint]),
  });
  if (!parsed.success) {
    throw new InvalidConfigError(
      "session configuration",
      parsed.error.issues.map((issue) => `${describePath(issue.path)} ${issue.message}`),
    );
  }
  const { password: passwords, ...config } = parsed.data;
  return {
    ...config,
    cookieDomain: config.cookieDomain,
    homeUrl: config.homeUrl,
    expectedFingerprint: config.expectedFingerprint,
    passwords,
    fingerprint: sessionFingerprint(passwords, config.cookieDomain, config.cookieName),
  };
}
