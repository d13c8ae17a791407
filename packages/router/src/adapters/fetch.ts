import { type RoutingContext, runWithRouting } from "../context.js";
import { RefusedPathError } from "../errors.js";
import { adminFlagOf, refusalBody } from "./refusal.js";

export interface WithRoutingOptions {
  /**
   * The side the wrapped handler is on, where the framework has already chosen the route (a Next.js
   * route file under `app/admin` is `"admin"`, any other `"site"`). A request whose path reads as the
   * other side, or cannot be read safely, is refused with 400 before the handler runs.
   * @default decided from the path alone (see readRequestPath)
   */
  readonly side?: "site" | "admin";
  /** Whether the request is for the admin area. Replaces the path rule and `side` entirely. @default none */
  readonly isAdmin?: (request: Request) => boolean;
  /** Extra context fields for your own routers. @default none */
  readonly context?: (request: Request) => Omit<RoutingContext, "admin">;
}

/** The admin flag for `request`, or the refusal to answer with. */
function decide(request: Request, options: WithRoutingOptions): boolean | RefusedPathError {
  if (options.isAdmin) return options.isAdmin(request);
  // The whole URL: readRequestPath drops scheme and host itself, keeping the raw path.
  const admin = adminFlagOf(request.url);
  if (admin instanceof RefusedPathError || options.side === undefined) return admin;
  if (admin !== (options.side === "admin")) {
    return new RefusedPathError(`a ${admin ? "admin" : "site"} path sent to a ${options.side} handler`);
  }
  return admin;
}

/**
 * Wraps a fetch-style handler (Next.js route handlers, Hono, Bun, Deno) so it and everything it
 * awaits run inside the request's routing context. A refused path gets a 400 JSON answer instead.
 * @example export const GET = withRouting(async (request) => Response.json(await db.user.count()), { side: "site" });
 */
export function withRouting<Args extends unknown[], R extends Response | PromiseLike<Response>>(
  handler: (request: Request, ...rest: Args) => R,
  options: WithRoutingOptions = {},
): (request: Request, ...rest: Args) => R | Response {
  const extra = options.context;
  return (request, ...rest) => {
    const admin = decide(request, options);
    if (admin instanceof RefusedPathError) return Response.json(refusalBody(admin), { status: admin.status });
    return runWithRouting(extra ? { ...extra(request), admin } : { admin }, () => handler(request, ...rest));
  };
}
