import { isAdminPath } from "../admin-path.js";
import { type RoutingContext, runWithRouting } from "../context.js";

export interface WithRoutingOptions {
  /** Whether the request is for the admin area. @default isAdminPath of the request URL's path */
  readonly isAdmin?: (request: Request) => boolean;
  /** Extra context fields for your own routers. @default none */
  readonly context?: (request: Request) => Omit<RoutingContext, "admin">;
}

/**
 * Wraps a fetch-style handler (Next.js route handlers, Hono, Bun, Deno) so it and everything it
 * awaits run inside the request's routing context.
 * @example export const GET = withRouting(async (request) => Response.json(await db.user.count()));
 */
export function withRouting<Args extends unknown[], R>(
  handler: (request: Request, ...rest: Args) => R,
  options: WithRoutingOptions = {},
): (request: Request, ...rest: Args) => R {
  // The whole URL: isAdminPath drops scheme and host itself, keeping the raw path.
  const isAdmin = options.isAdmin ?? ((request: Request) => isAdminPath(request.url));
  const extra = options.context;
  return (request, ...rest) => {
    const admin = isAdmin(request);
    return runWithRouting(extra ? { ...extra(request), admin } : { admin }, () => handler(request, ...rest));
  };
}
