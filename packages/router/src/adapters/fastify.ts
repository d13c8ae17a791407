import { AsyncResource } from "node:async_hooks";
import { type RoutingContext, runWithRouting } from "../context.js";
import { RefusedPathError } from "../errors.js";
import { adminFlagOf, refusalBody } from "./refusal.js";

// The parts of Fastify 5 the plugin uses, written out so this package needs no Fastify to build.
type Done = (error?: Error) => void;
interface FastifyRequestLike {
  readonly url: string;
}
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  send(payload: unknown): unknown;
}
interface FastifyLike {
  addHook(
    name: "onRequest" | "preValidation",
    hook: (request: never, reply: never, done: Done) => void,
  ): unknown;
}

export interface FastifyRoutingOptions {
  /** Whether the request is for the admin area. Replaces the path rule entirely. @default readRequestPath of `request.url` */
  readonly isAdmin?: (request: FastifyRequestLike) => boolean;
  /** Extra context fields for your own routers. @default none */
  readonly context?: (request: FastifyRequestLike) => Omit<RoutingContext, "admin">;
}

// The request's context, to re-enter after body parsing (keyed by the request, gone with it).
const scopes = new WeakMap<object, AsyncResource>();

/**
 * Fastify 5 plugin: every request runs in its routing context, from `onRequest` to the reply, and a
 * path that could be read two ways is answered 400 before any route. Not encapsulated (like
 * fastify-plugin), so it covers every route of the instance it is registered on.
 * @example app.register(fastifyRouting);
 */
export function fastifyRouting(app: FastifyLike, options: FastifyRoutingOptions, done: Done): void {
  app.addHook("onRequest", (request: FastifyRequestLike, reply: FastifyReplyLike, next: Done) => {
    const admin = options.isAdmin ? options.isAdmin(request) : adminFlagOf(request.url);
    if (admin instanceof RefusedPathError) {
      reply.code(admin.status).send(refusalBody(admin));
      return;
    }
    const ctx: RoutingContext = options.context ? { ...options.context(request), admin } : { admin };
    runWithRouting(ctx, () => {
      const scope = new AsyncResource("userbridge.routing");
      scopes.set(request, scope);
      scope.runInAsyncScope(next);
    });
  });
  // The body is parsed in the socket's callbacks, outside any context: re-enter the request's after it.
  app.addHook("preValidation", (request: FastifyRequestLike, _reply: unknown, next: Done) => {
    const scope = scopes.get(request);
    if (scope) scope.runInAsyncScope(next);
    else next();
  });
  done();
}

// What fastify-plugin sets: hooks apply to the registering instance, not to an encapsulated child.
Object.assign(fastifyRouting, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "userbridge-routing",
});
