// The routes every demo site has: the shared login (/, /me, /signup, /login, /logout), the hand-off
// (/sso/*) and the site's own admin (/admin/*). The HTTP contract of DESIGN.md "Demo sites".
import type { IncomingMessage, ServerResponse } from "node:http";
import { type SessionUser, safeNextPath } from "@userbridge/session";
import { readBody } from "../http/body.js";
import { DEMO_ERROR_CODES, unavailableDatabase } from "../http/errors.js";
import { formOrJson, sendHtml, sendJson } from "../http/respond.js";
import { adminPage } from "../pages/admin.js";
import { homePage } from "../pages/home.js";
import type { Handler, PageRenderer, Route, SiteContext } from "./definition.js";
import { pageContext } from "./page-context.js";

const toJson = (user: SessionUser) => ({ user: { id: user.id, email: user.email, name: user.name } });

/** `GET /`; the page a failed login or signup form is shown on. */
export const renderHome: PageRenderer = async (site, req, res, status = 200, notice) => {
  let user: SessionUser | null | undefined;
  try {
    user = await site.auth.users.getUser(req, res);
  } catch (error) {
    const database = unavailableDatabase(error);
    if (database === undefined) throw error;
    status = 503;
    notice ??= `The ${database} database is unavailable; logins cannot be checked right now.`;
  }
  sendHtml(res, status, homePage(pageContext(site, req, notice), user));
};

/** `GET /admin`: the admin's view of this site's own database (routed there because the path is /admin). */
export const renderAdmin: PageRenderer = async (site, req, res, status = 200, notice) => {
  const admin = await site.auth.admins.getUser(req, res);
  const view = admin ? { admin, ...(await site.adminOverview()) } : null;
  sendHtml(res, status, adminPage(pageContext(site, req, notice), view));
};

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
    formOrJson(res, body.kind, next ?? page, status, toJson(user));
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
    formOrJson(res, body.kind, page, 200, { ok: true });
  };
}

/** The hand-off's routes come from @userbridge/session; the demo only mounts them. */
const ssoHandler: Handler = async (site, req, res) => {
  await site.sso.node(req, res);
};

/** Every site's login, hand-off and admin routes, keyed by exact path. */
export const AUTH_ROUTES: Readonly<Record<string, Route>> = {
  "/": { page: renderHome, GET: (site, req, res) => renderHome(site, req, res) },
  "/me": {
    page: renderHome,
    async GET(site, req, res) {
      const user = await site.auth.users.getUser(req, res);
      if (user) sendJson(res, 200, toJson(user));
      else unauthenticated(res, "not logged in");
    },
  },
  "/signup": {
    page: renderHome,
    POST: loginHandler((site, fields, req, res) => site.auth.users.signup(fields, req, res), 201, "/"),
  },
  "/login": {
    page: renderHome,
    POST: loginHandler((site, fields, req, res) => site.auth.users.login(fields, req, res), 200, "/"),
  },
  "/logout": {
    page: renderHome,
    POST: logoutHandler((site, req, res) => site.auth.users.logout(req, res), "/"),
  },
  "/sso/start": { page: renderHome, GET: ssoHandler },
  "/sso/authorize": { page: renderHome, GET: ssoHandler },
  "/sso/callback": { page: renderHome, GET: ssoHandler },
  "/admin": { page: renderAdmin, GET: (site, req, res) => renderAdmin(site, req, res) },
  "/admin/me": {
    page: renderAdmin,
    async GET(site, req, res) {
      const admin = await site.auth.admins.getUser(req, res);
      if (admin) sendJson(res, 200, toJson(admin));
      else unauthenticated(res, "not logged in to this site's admin");
    },
  },
  "/admin/login": {
    page: renderAdmin,
    POST: loginHandler((site, fields, req, res) => site.auth.admins.login(fields, req, res), 200, "/admin"),
  },
  "/admin/logout": {
    page: renderAdmin,
    POST: logoutHandler((site, req, res) => site.auth.admins.logout(req, res), "/admin"),
  },
};
