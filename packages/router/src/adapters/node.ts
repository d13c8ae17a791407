import type { EventEmitter } from "node:events";
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
 * Emitters run listeners in the context of whoever emits, not of whoever listened: the request's
 * "data"/"end" come from the socket, created before the request's context. So body parsers'
 * callbacks would see no context (and route as non-admin) unless the emits themselves run in it.
 */
function emitInContext(emitter: EventEmitter, ctx: RoutingContext): void {
  const emit = emitter.emit;
  emitter.emit = function emitWithRouting(this: EventEmitter, ...args: Parameters<EventEmitter["emit"]>) {
    return runWithRouting(ctx, () => emit.apply(this, args));
  };
}

/**
 * Node / Connect / Express middleware: runs the rest of the request inside its routing context,
 * including the request's and response's event listeners (body parsers, "finish").
 * @example app.use(routingMiddleware());
 */
export function routingMiddleware<Req extends NodeRequest = NodeRequest>(
  options: RoutingMiddlewareOptions<Req> = {},
): (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void {
  const isAdmin = options.isAdmin ?? ((req: Req) => isAdminPath(req.originalUrl ?? req.url ?? "/"));
  const extra = options.context;
  return (req, res, next) => {
    const admin = isAdmin(req);
    const ctx: RoutingContext = extra ? { ...extra(req), admin } : { admin };
    emitInContext(req, ctx);
    emitInContext(res, ctx);
    runWithRouting(ctx, next);
  };
}
