import { type RoutingContext, runWithRouting } from "../context.js";
import { RefusedPathError } from "../errors.js";
import { adminFlagOf, refusalBody } from "./refusal.js";

// The part of Hono 4's Context the middleware uses, so this package needs no Hono to build.
interface HonoContextLike {
  readonly req: { readonly url: string; readonly raw: Request };
}

export interface HonoRoutingOptions {
  /** Whether the request is for the admin area. Replaces the path rule entirely. @default readRequestPath of the URL */
  readonly isAdmin?: (request: Request) => boolean;
  /** Extra context fields for your own routers. @default none */
  readonly context?: (request: Request) => Omit<RoutingContext, "admin">;
}

/**
 * Hono 4 middleware: the rest of the request (later middleware, the handler) runs in its routing
 * context, and a path that could be read two ways gets a 400 JSON answer instead.
 * @example app.use("*", honoRouting());
 */
export function honoRouting(options: HonoRoutingOptions = {}) {
  return (c: HonoContextLike, next: () => Promise<void>): Promise<Response | undefined> => {
    const admin = options.isAdmin ? options.isAdmin(c.req.raw) : adminFlagOf(c.req.url);
    if (admin instanceof RefusedPathError) {
      return Promise.resolve(Response.json(refusalBody(admin), { status: admin.status }));
    }
    const ctx: RoutingContext = options.context ? { ...options.context(c.req.raw), admin } : { admin };
    return runWithRouting(ctx, async () => {
      await next();
      return undefined;
    });
  };
}
