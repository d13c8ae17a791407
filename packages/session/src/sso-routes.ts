// The hand-off's three GET routes, for Node (req, res) servers and fetch handlers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { statusOf } from "@userbridge/router";
import type { CookieCarrier } from "./cookies.js";
import { SESSION_ERROR_CODES } from "./errors.js";
import type { Handoff } from "./handoff.js";

export interface SsoRoutesOptions {
  /**
   * Where the routes are mounted, on every site of the hand-off (the home site's authorize is
   * `<SESSION_HOME_URL><basePath>/authorize`).
   * @default "/sso"
   */
  readonly basePath?: string;
  /**
   * The home site's login page: a browser that is not logged in there is sent to
   * `<loginPath>?next=<the authorize URL to resume>`; after logging in, redirect it to `next`
   * (check it with `safeNextPath`).
   * @default "/"
   */
  readonly loginPath?: string;
}

export interface SsoRoutes {
  /** Answers `GET <basePath>/start|authorize|callback`; false (nothing written) for any other path. */
  node(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Answers `GET <basePath>/start|authorize|callback`; undefined for any other path. */
  fetch(request: Request): Promise<Response | undefined>;
}

interface Answer {
  readonly status: number;
  readonly location?: string;
  readonly body?: { error: { code: string; message: string } };
}

const HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

/**
 * The hand-off routes of one site (see Handoff). Errors of userbridge become their status with
 * `{ error: { code, message } }`; anything else is thrown to the site's own error handling.
 * @example
 * const sso = ssoRoutes(auth);
 * createServer(async (req, res) => { if (await sso.node(req, res)) return; ... });
 * export const GET = async (request: Request) => (await sso.fetch(request)) ?? new Response(null, { status: 404 });
 */
export function ssoRoutes(handoff: Handoff, options: SsoRoutesOptions = {}): SsoRoutes {
  const basePath = (options.basePath ?? "/sso").replace(/\/+$/, "");
  const loginPath = options.loginPath ?? "/";
  const actions = new Set(["start", "authorize", "callback"]);

  /** The action for this path, or undefined when the path is not one of ours. */
  function actionOf(pathname: string): string | undefined {
    if (!pathname.startsWith(`${basePath}/`)) return undefined;
    const action = pathname.slice(basePath.length + 1);
    return actions.has(action) ? action : undefined;
  }

  async function answer(
    action: string,
    method: string,
    query: URLSearchParams,
    carrier: CookieCarrier,
  ): Promise<Answer> {
    if (method !== "GET" && method !== "HEAD") {
      return {
        status: 405,
        body: { error: { code: SESSION_ERROR_CODES.METHOD_NOT_ALLOWED, message: "userbridge: use GET." } },
      };
    }
    try {
      if (action === "start")
        return { status: 303, location: await handoff.start(query, basePath, ...carrier) };
      if (action === "authorize") {
        const result = await handoff.authorize(query, basePath, ...carrier);
        const location =
          result.kind === "redirect"
            ? result.location
            : `${loginPath}?${new URLSearchParams({ next: result.resume })}`;
        return { status: 303, location };
      }
      const { next } = await handoff.callback(query, ...carrier);
      return { status: 303, location: next };
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || status >= 500) throw error;
      const { code, message } = error as { code: string; message: string };
      return { status, body: { error: { code, message } } };
    }
  }

  return {
    async node(req, res) {
      const url = new URL(req.url ?? "/", "http://request.invalid");
      const action = actionOf(url.pathname);
      if (action === undefined) return false;
      const result = await answer(action, req.method ?? "GET", url.searchParams, [req, res]);
      const headers: Record<string, string> = { ...HEADERS };
      if (result.location) headers.location = result.location;
      if (result.status === 405) headers.allow = "GET, HEAD";
      if (result.body) headers["content-type"] = "application/json; charset=utf-8";
      res.writeHead(result.status, headers);
      res.end(result.body ? JSON.stringify(result.body) : undefined);
      return true;
    },

    async fetch(request) {
      const url = new URL(request.url);
      const action = actionOf(url.pathname);
      if (action === undefined) return undefined;
      const headers = new Headers(HEADERS);
      const result = await answer(action, request.method, url.searchParams, [request, headers]);
      if (result.location) headers.set("location", result.location);
      if (result.status === 405) headers.set("allow", "GET, HEAD");
      if (!result.body) return new Response(null, { status: result.status, headers });
      headers.set("content-type", "application/json; charset=utf-8");
      return new Response(JSON.stringify(result.body), { status: result.status, headers });
    },
  };
}
