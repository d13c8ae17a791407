import { AsyncResource } from "node:async_hooks";
import type { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RoutingContext, runWithRouting } from "../context.js";
import { MountedMiddlewareError, RefusedPathError } from "../errors.js";
import { adminFlagOf } from "./refusal.js";

type NodeRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string };

export interface RoutingMiddlewareOptions<Req extends NodeRequest = NodeRequest> {
  /**
   * Whether the request is for the admin area. Replaces the path rule entirely (host-based admins, ...).
   * @default readRequestPath of the request path (Express' `originalUrl` when mounted): `/admin` or
   * `/admin/...` written exactly so; paths that could be read two ways are refused with 400
   */
  readonly isAdmin?: (req: Req) => boolean;
  /** Extra context fields for your own routers (tenant, region, ...). @default none */
  readonly context?: (req: Req) => Omit<RoutingContext, "admin">;
  /**
   * Answers a refused path; no later middleware or route runs.
   * @default a 400 `text/plain` answer naming the reason
   */
  readonly onRefused?: (req: Req, res: ServerResponse, error: RefusedPathError) => void;
}

/**
 * Emitters run listeners in the context of whoever emits, not of whoever listened: the request's
 * "data"/"end" come from the socket, created before the request's context. So body parsers'
 * callbacks would see no context (and route as non-admin) unless the emits themselves run in it:
 * the request's own context, re-entered (not a copy), so what the request did so far (its writes,
 * for read-your-writes) is seen there too.
 */
function emitInScope(emitter: EventEmitter, scope: AsyncResource): void {
  const emit = emitter.emit;
  emitter.emit = function emitWithRouting(this: EventEmitter, ...args: Parameters<EventEmitter["emit"]>) {
    return scope.runInAsyncScope(() => emit.apply(this, args));
  };
}

function answerRefused(_req: unknown, res: ServerResponse, error: RefusedPathError): void {
  res.writeHead(error.status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(`${error.message}\n`);
}

/**
 * Node / Connect / Express middleware: runs the rest of the request inside its routing context,
 * including the request's and response's event listeners (body parsers, "finish"). Mount it first:
 * `app.use(routingMiddleware())` is the whole set-up; the app routes on the raw path as usual.
 * @example app.use(routingMiddleware());
 */
export function routingMiddleware<Req extends NodeRequest = NodeRequest>(
  options: RoutingMiddlewareOptions<Req> = {},
): (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void {
  const { isAdmin, context: extra, onRefused = answerRefused } = options;
  return (req, res, next) => {
    // Express sets baseUrl inside a mounted router: its routes match below it, the flag reads it all.
    if (!isAdmin && req.baseUrl) return next(new MountedMiddlewareError(req.baseUrl));
    const admin = isAdmin ? isAdmin(req) : adminFlagOf(req.originalUrl ?? req.url ?? "/");
    if (admin instanceof RefusedPathError) return onRefused(req, res, admin);
    const ctx: RoutingContext = extra ? { ...extra(req), admin } : { admin };
    runWithRouting(ctx, () => {
      const scope = new AsyncResource("userbridge.routing");
      emitInScope(req, scope);
      emitInScope(res, scope);
      next();
    });
  };
}
