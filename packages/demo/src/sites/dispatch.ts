// One request of a site: the route by exact path, its handler, and any failure as an answer: the
// status the error carries, a page again for a failed HTML form, JSON otherwise.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEMO_ERROR_CODES, retryAfterSeconds } from "../http/errors.js";
import { describeError, sendJson } from "../http/respond.js";
import type { Route, SiteContext, SiteDb } from "./definition.js";

export interface ErrorLogger {
  error(message: string, error: unknown): void;
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

export function createRequestHandler<D extends SiteDb>(
  site: SiteContext<D>,
  routes: Readonly<Record<string, Route<D>>>,
  logger: ErrorLogger,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    // Exact paths only: any other spelling that the middleware let through is a 404, so the served
    // route and the admin flag it set cannot disagree.
    const path = (req.url ?? "/").split("?", 1)[0] as string;
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
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
      if (status === 500)
        logger.error(`userbridge demo (${site.label}): ${req.method} ${path} failed`, error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter !== undefined) res.setHeader("retry-after", String(retryAfter));
      const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      if (isForm && req.method === "POST" && status !== 503 && status !== 500) {
        const notice = body.error.message.replace(/^userbridge( demo)?: /, "");
        await route.page(site, req, res, status, notice).catch(() => sendJson(res, status, body));
        return;
      }
      sendJson(res, status, body);
    }
  };
}
