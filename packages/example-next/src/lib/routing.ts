// How the routing context reaches server components and server actions. Next runs neither inside the
// request's middleware/proxy call chain, so a context entered there never reaches them; each one enters
// it itself, from the route segment it belongs to (a page under app/admin is the admin by construction).
// Route handlers use withRouting instead, which reads the request's path.
import { runWithRouting } from "@userbridge/db";

/** Runs `fn` as the public site: identity models on the shared database. */
export function asSite<T>(fn: () => Promise<T>): Promise<T> {
  return runWithRouting({ admin: false }, fn);
}

/** Runs `fn` as this site's admin: identity models on the site's own database. */
export function asAdmin<T>(fn: () => Promise<T>): Promise<T> {
  return runWithRouting({ admin: true }, fn);
}
