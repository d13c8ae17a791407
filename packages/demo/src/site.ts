import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, type Db, type DbConfig, routingMiddleware } from "@userbridge/db";
import {
  type Auth,
  type AuthOptions,
  createAuth,
  type SessionConfigOptions,
  TooManyAttemptsError,
} from "@userbridge/session";
import { DEMO_ERROR_CODES } from "./http/errors.js";
import { describeError, sendJson } from "./http/respond.js";
import { ROUTES, renderPage, type SiteContext } from "./routes.js";

export interface SiteConfig {
  /** Shown on the pages and in logs. @example "old" */
  readonly name: string;
  /** The identity database every site shares. */
  readonly sharedDatabaseUrl: string;
  /** This site's own database (its admin users and sessions). */
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
  readonly pool?: DbConfig["pool"];
  /** Other sites to link to, by name; read at render time. @default {} */
  readonly links?: Readonly<Record<string, string>>;
  /** Where unexpected errors are logged. @default console */
  readonly logger?: { error(message: string, error: unknown): void };
}

export interface RunningSite {
  readonly name: string;
  /** `http://<hostname>:<port>` */
  readonly url: string;
  readonly fingerprint: string;
  readonly db: Db;
  readonly auth: Auth;
  /** Stops accepting requests, drops open connections and disconnects both databases. */
  close(): Promise<void>;
}

function notFound(res: ServerResponse, allowed: readonly string[] | undefined): void {
  if (allowed) {
    res.setHeader("allow", allowed.join(", "));
    sendJson(res, 405, {
      error: { code: DEMO_ERROR_CODES.METHOD_NOT_ALLOWED, message: "userbridge demo: method not allowed." },
    });
  } else {
    sendJson(res, 404, {
      error: { code: DEMO_ERROR_CODES.NOT_FOUND, message: "userbridge demo: not found." },
    });
  }
}

async function handle(
  site: SiteContext,
  req: IncomingMessage,
  res: ServerResponse,
  logger: NonNullable<SiteConfig["logger"]>,
) {
  // Exact paths only: any other spelling that the middleware let through is a 404, so the served
  // route and the admin flag it set cannot disagree.
  const path = (req.url ?? "/").split("?", 1)[0] as string;
  const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  const method = req.method === "HEAD" ? "GET" : req.method;
  const handler = route && (method === "GET" || method === "POST") ? route[method] : undefined;
  if (!route || !handler) {
    notFound(res, route && (["GET", "POST"] as const).filter((name) => route[name]));
    return;
  }
  try {
    await handler(site, req, res);
  } catch (error) {
    const { status, body } = describeError(error);
    if (status === 500) logger.error(`userbridge demo (${site.name}): ${req.method} ${path} failed`, error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof TooManyAttemptsError) res.setHeader("retry-after", String(error.retryAfterSeconds));
    const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    if (isForm && req.method === "POST" && status !== 503 && status !== 500) {
      await renderPage(
        route.page,
        site,
        req,
        res,
        status,
        body.error.message.replace(/^userbridge( demo)?: /, ""),
      ).catch(() => sendJson(res, status, body));
      return;
    }
    sendJson(res, status, body);
  }
}

/**
 * Starts one demo site: its own routed `db` (identity models on the shared database, on its own
 * under /admin), sessions, and a node:http server serving the demo's HTTP contract.
 * @throws InvalidConfigError for bad database URLs or session options.
 */
export async function startSite(config: SiteConfig): Promise<RunningSite> {
  const db = createDb(
    {
      sharedDatabaseUrl: config.sharedDatabaseUrl,
      appDatabaseUrl: config.appDatabaseUrl,
      ...(config.sharedDirectUrl && { sharedDirectUrl: config.sharedDirectUrl }),
      ...(config.pool && { pool: config.pool }),
    },
    {},
  );
  let auth: Auth;
  try {
    auth = createAuth({ db, ...config.session });
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
  const logger = config.logger ?? console;
  const site: SiteContext = {
    name: config.name,
    auth,
    sso: auth.ssoRoutes(),
    fingerprint: auth.fingerprint,
    links: config.links ?? {},
  };
  // A path that reads two ways (dot segments, /ADMIN, /%61dmin, ...) is a 400 before any route runs.
  const routing = routingMiddleware({
    onRefused: (_req, res, error) =>
      sendJson(res, error.status, { error: { code: error.code, message: error.message } }),
  });
  const server = createServer((req, res) => {
    routing(req, res, () => {
      void handle(site, req, res, logger);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port ?? 0, config.listenHost ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    name: config.name,
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
