// Shows which routing context each copy of @userbridge/router sees inside a route handler. Next bundles
// the router into its server chunks; the `import()` below loads a second, unbundled copy through Node.
// Both report the same context because the store lives on a Symbol.for global, not in the module.
import { getRoutingContext, withRouting } from "@userbridge/db";
import { getDb } from "./site";

type Router = typeof import("@userbridge/router");

export const routingCheck = (side: "site" | "admin") =>
  withRouting(
    async (_request: Request) => {
      const unbundled: Router = await import(
        /* webpackIgnore: true */ /* turbopackIgnore: true */ "@userbridge/router"
      );
      return Response.json({
        bundled: getRoutingContext() ?? null,
        unbundled: unbundled.getRoutingContext() ?? null,
        twoCopies: unbundled.getRoutingContext !== getRoutingContext,
        userTableIn: getDb().$routeOf("user"),
      });
    },
    { side },
  );
