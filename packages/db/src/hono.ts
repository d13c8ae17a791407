// `@userbridge/db/hono`: the Hono 4 middleware. `app.use("*", honoRouting())` is the whole set-up.
export { type HonoRoutingOptions, honoRouting } from "@userbridge/router";
