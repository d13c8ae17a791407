// `pnpm demo`: starts everything with progress on the terminal, prints where to go and how to log in,
// and on Ctrl-C stops the sites, then the databases. Its arguments are parsed in cli/args.ts.
import { isAbsolute, join, relative } from "node:path";
import { describeDatabaseUrl } from "@userbridge/db";
import { DEMO_DATABASES, type DemoDatabaseName } from "./demo-databases.js";
import { ADMIN_LOGINS, DEMO_LOGIN } from "./seed.js";
import { type RunningDemo, startDemo } from "./start-demo.js";
import { listenForStop } from "./stop-signals.js";
import { DemoStoppedError } from "./stopped.js";

export interface RunDemoOptions {
  /** The monorepo root (holds scripts/migrate.ts and prisma/). */
  readonly repoRoot: string;
  /** Where the embedded server and the session password live. @default <repoRoot>/.data/demo */
  readonly dataDir?: string;
  /** `--reset`: delete the demo's data first. @default false */
  readonly reset?: boolean;
  /** `--cross-domain`: sets DEMO_CROSS_DOMAIN=1 for the sites (see sites/cross-domain.ts). @default false */
  readonly crossDomain?: boolean;
  /** Database URLs, ports and SESSION_* (see readSitesConfig). @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Where progress and the banner go. @default console.log */
  readonly log?: (line: string) => void;
}

/** Runs until a stop signal; returns the exit code. */
export async function runDemo(options: RunDemoOptions): Promise<number> {
  const { repoRoot, log = console.log } = options;
  // --cross-domain is DEMO_CROSS_DOMAIN=1 for the sites' configuration (readSitesConfig).
  const env = options.crossDomain
    ? { ...(options.env ?? process.env), DEMO_CROSS_DOMAIN: "1" }
    : (options.env ?? process.env);
  const dataDir = options.dataDir ?? join(repoRoot, ".data", "demo");
  const started = performance.now();
  const progress = (message: string) =>
    log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
  const signals = listenForStop(progress);
  try {
    let demo: RunningDemo;
    try {
      demo = await startDemo({
        repoRoot,
        dataDir,
        env,
        reset: options.reset ?? false,
        onProgress: progress,
        shouldStop: signals.requested,
      });
    } catch (error) {
      if (error instanceof DemoStoppedError) {
        progress("stopped");
        return 0;
      }
      console.error(explain(error));
      return 1;
    }
    for (const line of demo.created) progress(`seeded ${line}`);
    log(banner(demo, env, dataDir, (performance.now() - started) / 1000));
    await signals.stopped;
    await demo.close();
    progress("stopped cleanly");
    return 0;
  } finally {
    signals.dispose();
  }
}

function banner(
  demo: RunningDemo,
  env: Record<string, string | undefined>,
  dataDir: string,
  seconds: number,
): string {
  const { old: oldSite, new: newSite } = demo.sites;
  const embedded = new Set<DemoDatabaseName>(demo.databases.embedded);
  const database = (name: DemoDatabaseName) =>
    embedded.has(name)
      ? `${demo.databases.urls[name]}  (embedded; schema ${DEMO_DATABASES[name].schema})`
      : `${describeDatabaseUrl(demo.databases.urls[name])}  (from ${DEMO_DATABASES[name].env}; schema ${DEMO_DATABASES[name].schema})`;
  const login = (email: string, password: string) => `${email} / ${password}`;
  const fromHere = relative(process.cwd(), dataDir);
  const shown = fromHere.startsWith("..") || isAbsolute(fromHere) ? dataDir : fromHere;
  return [
    "",
    `userbridge demo is running (ready in ${seconds.toFixed(1)} s)`,
    "",
    `  old site    ${oldSite.url}   its posts at ${oldSite.url}/posts`,
    `  new site    ${newSite.url}   its projects at ${newSite.url}/projects`,
    "  every page ends with the queries it ran and which database answered each",
    "",
    embedded.has("identity")
      ? `  shared login      ${login(DEMO_LOGIN.email, DEMO_LOGIN.password)}   ${
          env.DEMO_CROSS_DOMAIN === "1"
            ? '(no shared cookie: on the new site, use "Log in with the old site")'
            : "(log in on one site, you are in on both)"
        }`
      : "  shared login      none seeded in an external identity database: sign up on either site",
    ...(["old", "new"] as const).map((name) =>
      embedded.has(name)
        ? `  ${name} site admin    ${login(ADMIN_LOGINS[name].email, ADMIN_LOGINS[name].password)}   at ${demo.sites[name].url}/admin`
        : `  ${name} site admin    none seeded in an external database: pnpm demo:admin ${name} <email> <password>`,
    ),
    "",
    "  databases",
    ...(Object.keys(DEMO_DATABASES) as DemoDatabaseName[]).map(
      (name) => `    ${name.padEnd(9)} ${database(name)}`,
    ),
    ...(embedded.size > 0 ? [`  embedded data is kept in ${shown}; \`pnpm demo --reset\` starts fresh`] : []),
    ...(env.SESSION_PASSWORD ? [] : [`  session password: generated, in ${join(shown, "session-password")}`]),
    "",
    "Ctrl-C stops everything.",
  ].join("\n");
}

function explain(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") {
    const port = (error as { port?: number }).port;
    return (
      `userbridge: port ${port ?? "?"} is in use. Stop what uses it, or choose other ports: ` +
      "PORT_OLD=4001 PORT_NEW=4002 pnpm demo"
    );
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `\n  cause: ${error.cause.message}` : "";
    return error.message.startsWith("userbridge")
      ? `${error.message}${cause}`
      : (error.stack ?? error.message);
  }
  return String(error);
}
