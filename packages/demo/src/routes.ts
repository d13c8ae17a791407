import type { IncomingMessage, ServerResponse } from "node:http";
import { DatabaseUnavailableError } from "@userbridge/db";
import { type Auth, type SessionUser, type SsoRoutes, safeNextPath } from "@userbridge/session";
import { readBody } from "./http/body.js";
import { DEMO_ERROR_CODES } from "./http/errors.js";
import { redirect, sendHtml, sendJson } from "./http/respond.js";
import { adminPage, homePage, type PageContext } from "./pages.js";

/** What every handler of one site shares. */
export interface SiteContext {
  readonly name: string;
  readonly auth: Auth;
  /** The cross-domain hand-off's /sso/* routes (start answers 404 without SESSION_HOME_URL). */
  readonly sso: SsoRoutes;
  readonly fingerprint: string;
  /** Read at render time, so sites started together can link to each other. */
  readonly links: Readonly<Record<string, string>>;
}

export type Handler = (site: SiteContext, req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** One path: its handlers, and the page a failed form post on it is shown on. */
export interface Route {
  readonly GET?: Handler;
  readonly POST?: Handler;
  readonly page: "home" | "admin";
}

/** The demo site whose origin is this site's SESSION_HOME_URL, by name (or the URL itself). */
function homeSiteName(site: SiteContext): string | undefined {
  const { homeUrl } = site.auth.config;
  if (homeUrl === undefined) return undefined;
  const named = Object.entries(site.links).find(([, url]) => new URL(url).origin === homeUrl);
  return named ? `the ${named[0]} site` : homeUrl;
}

/** `?next=` of a page request, when it is a path of this site (anything else is left out). */
function nextOf(req: IncomingMessage): string | undefined {
  const values = new URL(req.url ?? "/", "http://request.invalid").searchParams.getAll("next");
  if (values.length !== 1) return undefined;
  try {
    return safeNextPath(values[0]);
  } catch {
    return undefined;
  }
}

const pageContext = (site: SiteContext, req: IncomingMessage, notice?: string): PageContext => {
  const handoffFrom = homeSiteName(site);
  const next = nextOf(req);
  return {
    site: site.name,
    fingerprint: site.fingerprint,
    links: Object.fromEntries(Object.entries(site.links).filter(([name]) => name !== site.name)),
    ...(notice && { notice }),
    ...(handoffFrom && { handoffFrom }),
    ...(next && { next }),
  };
};

const toJson = (user: SessionUser) => ({ user: { id: user.id, email: user.email, name: user.name } });

/** Renders a page, with `notice` and `status` when a form post failed. */
export async function renderPage(
  page: Route["page"],
  site: SiteContext,
  req: IncomingMessage,
  res: ServerResponse,
  status = 200,
  notice?: string,
): Promise<void> {
  if (page === "admin") {
    sendHtml(
      res,
      status,
      adminPage(pageContext(site, req, notice), await site.auth.admins.getUser(req, res)),
    );
    return;
  }
  try {
    sendHtml(res, status, homePage(pageContext(site, req, notice), await site.auth.users.getUser(req, res)));
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    const message = `The ${error.database} database is unavailable; logins cannot be checked right now.`;
    sendHtml(res, 503, homePage(pageContext(site, req, notice ?? message), undefined));
  }
}

function unauthenticated(res: ServerResponse, what: string): void {
  sendJson(res, 401, {
    error: { code: DEMO_ERROR_CODES.UNAUTHENTICATED, message: `userbridge demo: ${what}.` },
  });
}

function nextField(fields: unknown): string | undefined {
  const next = (fields as Record<string, unknown> | null)?.next;
  return next === undefined || next === "" ? undefined : safeNextPath(next);
}

/** A POST that logs in (or signs up): origin first, then the body, then the session call. */
function loginHandler(
  act: (
    site: SiteContext,
    fields: unknown,
    req: IncomingMessage,
    res: ServerResponse,
  ) => Promise<SessionUser>,
  status: number,
  page: string,
): Handler {
  return async (site, req, res) => {
    site.auth.users.assertAllowedOrigin(req, res);
    const body = await readBody(req);
    // Where to go after logging in (a hand-off resuming on the home site): a path of this site, or a 400
    // before anything is checked.
    const next = nextField(body.fields);
    const user = await act(site, body.fields, req, res);
    if (body.kind === "form") redirect(res, next ?? page);
    else sendJson(res, status, toJson(user));
  };
}

function logoutHandler(
  act: (site: SiteContext, req: IncomingMessage, res: ServerResponse) => Promise<void>,
  page: string,
): Handler {
  return async (site, req, res) => {
    site.auth.users.assertAllowedOrigin(req, res);
    const body = await readBody(req);
    await act(site, req, res);
    if (body.kind === "form") redirect(res, page);
    else sendJson(res, 200, { ok: true });
  };
}

/** The hand-off's routes come from @userbridge/session; the demo only mounts them. */
const ssoHandler: Handler = async (site, req, res) => {
  await site.sso.node(req, res);
};

/** The HTTP contract of DESIGN.md "Demo sites", keyed by exact path. */
export const ROUTES: Readonly<Record<string, Route>> = {
  "/": { page: "home", GET: (site, req, res) => renderPage("home", site, req, res) },
  "/me": {
    page: "home",
    async GET(site, req, res) {
      const user = await site.auth.users.getUser(req, res);
      if (user) sendJson(res, 200, toJson(user));
      else unauthenticated(res, "not logged in");
    },
  },
  "/signup": {
    page: "home",
    POST: loginHandler((site, fields, req, res) => site.auth.users.signup(fields, req, res), 201, "/"),
  },
  "/login": {
    page: "home",
    POST: loginHandler((site, fields, req, res) => site.auth.users.login(fields, req, res), 200, "/"),
  },
  "/logout": { page: "home", POST: logoutHandler((site, req, res) => site.auth.users.logout(req, res), "/") },
  "/sso/start": { page: "home", GET: ssoHandler },
  "/sso/authorize": { page: "home", GET: ssoHandler },
  "/sso/callback": { page: "home", GET: ssoHandler },
  "/admin": { page: "admin", GET: (site, req, res) => renderPage("admin", site, req, res) },
  "/admin/me": {
    page: "admin",
    async GET(site, req, res) {
      const admin = await site.auth.admins.getUser(req, res);
      if (admin) sendJson(res, 200, toJson(admin));
      else unauthenticated(res, "not logged in to this site's admin");
    },
  },
  "/admin/login": {
    page: "admin",
    POST: loginHandler((site, fields, req, res) => site.auth.admins.login(fields, req, res), 200, "/admin"),
  },
  "/admin/logout": {
    page: "admin",
    POST: logoutHandler((site, req, res) => site.auth.admins.logout(req, res), "/admin"),
  },
};
