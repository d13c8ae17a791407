// One demo site as a deployment: its routed client on its own generated Prisma client (identity models
// on the shared database, on its own under /admin), its sessions, and a node:http server serving the
// shared login routes and its own pages, each page listing the queries its request ran.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type PoolOptions, routingMiddleware } from "@userbridge/db";
import { type Auth, type AuthOptions, createAuth, type SessionConfigOptions } from "@userbridge/session";
import { sendJson } from "../http/respond.js";
import { AUTH_ROUTES } from "./auth-routes.js";
import type { Route, SiteContext, SiteDb, SiteDefinition } from "./definition.js";
import { createRequestHandler, type ErrorLogger } from "./dispatch.js";
import type { SiteName } from "./names.js";
import { createQueryLog } from "./query-log.js";
import { SITES, type SiteDbs } from "./registry.js";

export interface SiteConfig<N extends SiteName = SiteName> {
  /** Which demo site this is: its own schema, routed client and pages. */
  readonly site: N;
  /** Shown on the pages and in logs, and the key other sites link to it by. @default site */
  readonly label?: string;
  /** The identity database every site shares. */
  readonly sharedDatabaseUrl: string;
  /** This site's own database (its admin users and sessions, its own data), migrated with its own schema. */
  readonly appDatabaseUrl: string;
  /** A direct URL of the identity database for the session cache's LISTEN. @default sharedDatabaseUrl */
  readonly sharedDirectUrl?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Address the server listens on. @default "127.0.0.1" */
  readonly listenHost?: string;
  /** Host name in the site's URL: sites sharing host-only cookies need the same one. @default "localhost" */
  readonly hostname?: string;
  /** Session options; what is left out comes from the SESSION_* variables of `session.env`. @default {} */
  readonly session?: SessionConfigOptions &
    Pick<AuthOptions, "env" | "hasher" | "now" | "logger" | "loginThrottle">;
  /** Pool settings of both databases. @default DEFAULT_POOL of @userbridge/db */
  readonly pool?: PoolOptions;
  /** Other sites to link to, by name; read at render time. @default {} */
  readonly links?: Readonly<Record<string, string>>;
  /** Where unexpected errors are logged. @default console */
  readonly logger?: ErrorLogger;
}

export interface RunningSite<D extends SiteDb = SiteDb> {
  readonly site: SiteName;
  /** The label (the site's name unless one was given). */
  readonly name: string;
  /** `http://<hostname>:<port>` */
  readonly url: string;
  readonly fingerprint: string;
  readonly db: D;
  readonly auth: Auth;
  /** Stops accepting requests, drops open connections and disconnects both databases. */
  close(): Promise<void>;
}

/**
 * Starts one demo site. @throws InvalidConfigError for bad database URLs or session options; a port in
 * use rejects with EADDRINUSE.
 */
export function startSite<N extends SiteName>(config: SiteConfig<N>): Promise<RunningSite<SiteDbs[N]>> {
  return serve(SITES[config.site], config);
}

async function serve<D extends SiteDb>(
  definition: SiteDefinition<D>,
  config: SiteConfig,
): Promise<RunningSite<D>> {
  const label = config.label ?? config.site;
  const queries = createQueryLog();
  const db = definition.createDb({
    sharedDatabaseUrl: config.sharedDatabaseUrl,
    appDatabaseUrl: config.appDatabaseUrl,
    ...(config.sharedDirectUrl && { sharedDirectUrl: config.sharedDirectUrl }),
    ...(config.pool && { pool: config.pool }),
    onRoute: queries.record,
  });
  let auth: Auth;
  try {
    auth = createAuth({ db, ...config.session });
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
  const site: SiteContext<D> = {
    site: config.site,
    label,
    db,
    auth,
    sso: auth.ssoRoutes(),
    fingerprint: auth.fingerprint,
    links: config.links ?? {},
    nav: definition.nav,
    queries: queries.current,
    adminOverview: () => definition.adminOverview(db),
  };
  const routes: Readonly<Record<string, Route<D>>> = { ...AUTH_ROUTES, ...definition.routes };
  const handle = createRequestHandler(site, routes, config.logger ?? console);
  // A path that reads two ways (dot segments, /ADMIN, /%61dmin, ...) is a 400 before any route runs.
  const routing = routingMiddleware({
    onRefused: (_req, res, error) =>
      sendJson(res, error.status, { error: { code: error.code, message: error.message } }),
  });
  // Each request gets its own query list: concurrent requests never share one.
  const server = createServer((req, res) =>
    queries.run(() =>
      routing(req, res, () => {
        void handle(req, res);
      }),
    ),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port ?? 0, config.listenHost ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  return {
    site: config.site,
    name: label,
    url: `http://${config.hostname ?? "localhost"}:${port}`,
    fingerprint: auth.fingerprint,
    db,
    auth,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.$disconnect();
    },
  };
}
