// What every page of a site is rendered with; built when the page is sent, so it lists every query
// the request ran.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type SessionUser, safeNextPath } from "@userbridge/session";
import { DEMO_ERROR_CODES, HttpError } from "../http/errors.js";
import type { PageContext } from "../pages/layout.js";
import type { SiteContext, SiteDb } from "./definition.js";

/** The demo site whose origin is this site's SESSION_HOME_URL, by name (or the URL itself). */
function homeSiteName(site: SiteContext<SiteDb>): string | undefined {
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

/** What the pages show of a user (PageUser): the `select` of a preloaded author or owner. */
export const USER_NAME = { name: true, email: true } as const;

/** Call it last, right before sending the page: it takes the request's queries so far. */
export function pageContext(site: SiteContext<SiteDb>, req: IncomingMessage, notice?: string): PageContext {
  const handoffFrom = homeSiteName(site);
  const next = nextOf(req);
  return {
    site: site.label,
    fingerprint: site.fingerprint,
    links: Object.fromEntries(Object.entries(site.links).filter(([name]) => name !== site.label)),
    nav: site.nav,
    queries: site.queries(),
    ...(notice && { notice }),
    ...(handoffFrom && { handoffFrom }),
    ...(next && { next }),
  };
}

/** The shared login's user, or a 401 (for the site's own write routes). */
export async function requireUser(
  site: SiteContext<SiteDb>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<SessionUser> {
  const user = await site.auth.users.getUser(req, res);
  if (user) return user;
  throw new HttpError(401, DEMO_ERROR_CODES.UNAUTHENTICATED, "userbridge demo: log in first.");
}
