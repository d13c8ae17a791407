import type { IncomingMessage, ServerResponse } from "node:http";
import { isAdminPath } from "../admin-path.js";
import { type RoutingContext, runWithRouting } from "../context.js";

type NodeRequest = IncomingMessage & { originalUrl?: string };

export interface RoutingMiddlewareOptions<Req extends NodeRequest = NodeRequest> {
  /**
   * Whether the request is for the admin area.
   * @default isAdminPath of the request path (Express' `originalUrl` when mounted)
   */
  readonly isAdmin?: (req: Req) => boolean;
  /** Extra context fields for your own routers (tenant, region, ...). @default none */
  readonly context?: (req: Req) => Omit<RoutingContext, "admin">;
}

/**
 * Node / Connect / Express middleware: runs the rest of the request inside its routing context.
 * @example app.use(routingMiddleware());
 */
export function routingMiddleware<Req extends NodeRequest = NodeRequest>(
  options: RoutingMiddlewareOptions<Req> = {},
): (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void {
  const isAdmin = options.isAdmin ?? ((req: Req) => isAdminPath(req.originalUrl ?? req.url ?? "/"));
  const extra = options.context;
  return (req, _res, next) => {
    const admin = isAdmin(req);
    runWithRouting(extra ? { ...extra(req), admin } : { admin }, next);
  };
}
