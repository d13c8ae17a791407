export { type FastifyRoutingOptions, fastifyRouting } from "./adapters/fastify.js";
export { type WithRoutingOptions, withRouting } from "./adapters/fetch.js";
export { type HonoRoutingOptions, honoRouting } from "./adapters/hono.js";
export { type RoutingMiddlewareOptions, routingMiddleware } from "./adapters/node.js";
export { type PathReading, type RefusedPathReason, readRequestPath } from "./admin-path.js";
export { getRoutingContext, type RoutingContext, requestState, runWithRouting } from "./context.js";
export * from "./errors.js";
export { hasModel, type ModelName, toDelegateName } from "./models.js";
export { isReadOperation, type Operation, READ_OPERATIONS, WRITE_OPERATIONS } from "./operations.js";
export {
  type DatabaseRouter,
  type RouteChoice,
  type RouteDecision,
  type RouteReason,
  type RouterAnswer,
  TRANSACTION_MODEL,
} from "./policy.js";
export { onReplica, PRIMARY_SERVER, type ReadTargets } from "./read-targets.js";
export { createRoutedClient, RAW_MODEL, type RoutedClientOptions, readOnly } from "./routed-client.js";
export { RoutedPromise } from "./routed-promise.js";
export { recordRoutes } from "./trace.js";
export type * from "./types.js";
export { isDatabaseUnavailable } from "./unavailable.js";
