// `@userbridge/db/fastify`: the Fastify 5 plugin. `app.register(fastifyRouting)` is the whole set-up.
export { type FastifyRoutingOptions, fastifyRouting } from "@userbridge/router";
