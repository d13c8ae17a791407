// What a demo site is: its own schema and routed client, its own pages on its own data, and the
// shared login, admin and hand-off routes every site has (auth-routes.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PoolOptions, RouteDecision } from "@userbridge/db";
import type { Auth, SessionDb, SsoRoutes } from "@userbridge/session";
import type { NavLink } from "../pages/layout.js";
import type { SiteName } from "./names.js";

/** What the shared code needs of a site's routed client: the session API's needs and a disconnect. */
export type SiteDb = SessionDb & { $disconnect(): Promise<void> };

/** The routed client's settings a site is started with (each site passes its own generated client). */
export interface SiteDbOptions {
  readonly sharedDatabaseUrl: string;
  readonly appDatabaseUrl: string;
  /** @default sharedDatabaseUrl */
  readonly sharedDirectUrl?: string;
  /** @default DEFAULT_POOL of @userbridge/db */
  readonly pool?: PoolOptions;
  /** Every routing decision (the per-request query panel). */
  readonly onRoute: (decision: RouteDecision) => void;
}

/** What every handler of one running site shares. */
export interface SiteContext<D extends SiteDb = SiteDb> {
  /** Which demo site this is. */
  readonly site: SiteName;
  /** Shown on the pages and in logs (the site's name unless a test starts another deployment). */
  readonly label: string;
  readonly db: D;
  readonly auth: Auth;
  /** The cross-domain hand-off's /sso/* routes (start answers 404 without SESSION_HOME_URL). */
  readonly sso: SsoRoutes;
  readonly fingerprint: string;
  /** Read at render time, so sites started together can link to each other. */
  readonly links: Readonly<Record<string, string>>;
  /** This site's own pages, for the nav. */
  readonly nav: readonly NavLink[];
  /** The queries the current request has run so far. */
  queries(): readonly RouteDecision[];
  /** The admin page's view of this site's own database (SiteDefinition.adminOverview). */
  adminOverview(): Promise<AdminOverview>;
}

export type Handler<D extends SiteDb = SiteDb> = (
  site: SiteContext<D>,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

/** Renders a route's page, with `status` and a `notice` when a form post on it failed. */
export type PageRenderer<D extends SiteDb = SiteDb> = (
  site: SiteContext<D>,
  req: IncomingMessage,
  res: ServerResponse,
  status?: number,
  notice?: string,
) => Promise<void>;

/** One exact path: its handlers, and the page a failed form post on it is shown on. */
export interface Route<D extends SiteDb = SiteDb> {
  readonly GET?: Handler<D>;
  readonly POST?: Handler<D>;
  readonly page: PageRenderer<D>;
}

/** What the admin page lists from the site's own database (queried under /admin: reason "admin"). */
export interface AdminOverview {
  readonly users: readonly { readonly email: string; readonly name: string | null }[];
  /** e.g. `[["posts", 3]]` */
  readonly counts: readonly (readonly [string, number])[];
}

export interface SiteDefinition<D extends SiteDb> {
  readonly name: SiteName;
  /** The routed client on this site's own generated client: `createDb({ appClient: PrismaClient, ... })`. */
  createDb(options: SiteDbOptions): D;
  /** The site's own pages, by exact path. */
  readonly routes: Readonly<Record<string, Route<D>>>;
  readonly nav: readonly NavLink[];
  /** The admin page's view of this site's own database; called only for a logged-in admin. */
  adminOverview(db: D): Promise<AdminOverview>;
}
