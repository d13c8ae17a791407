import { InvalidConfigError } from "@userbridge/db";
import { resolveSessionConfig } from "@userbridge/session";
import { z } from "zod";
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

const schema = z.object({
  SHARED_DATABASE_URL: databaseUrl,
  OLD_APP_DATABASE_URL: databaseUrl,
  NEW_APP_DATABASE_URL: databaseUrl,
  PORT_OLD: port(3001),
  PORT_NEW: port(3002),
});

/**
 * What `pnpm demo:sites` runs with: SHARED_DATABASE_URL, OLD_APP_DATABASE_URL, NEW_APP_DATABASE_URL,
 * PORT_OLD (3001), PORT_NEW (3002) and the SESSION_* variables, all checked at once.
 * @throws InvalidConfigError naming every bad variable.
 */
export function readSitesConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SitesConfig {
  const blank = (value: string | undefined) => (value?.trim() === "" ? undefined : value);
  const parsed = schema.safeParse(
    Object.fromEntries(Object.keys(schema.shape).map((key) => [key, blank(env[key])])),
  );
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
  const vars = parsed.data;
  return {
    sharedDatabaseUrl: vars.SHARED_DATABASE_URL,
    old: { appDatabaseUrl: vars.OLD_APP_DATABASE_URL, port: vars.PORT_OLD },
    new: { appDatabaseUrl: vars.NEW_APP_DATABASE_URL, port: vars.PORT_NEW },
    session: { env },
  };
}
