import type { DatabaseRouter, RoutingContext } from "@userbridge/router";

/** The identity models (Auth.js' schema plus userbridge's own): sent to the shared database, or to the site's own tables under /admin. */
export const IDENTITY_MODELS = [
  "user",
  "account",
  "session",
  "verificationToken",
  "authenticator",
  "loginThrottle",
  "handoffCode",
] as const;

export type IdentityModel = (typeof IDENTITY_MODELS)[number];

/**
 * Django's seed router, written once: in an admin request every call goes to the site's own database
 * (reason `admin`), and so does an interactive transaction; elsewhere the identity models go to the
 * shared database (`routed-model`); anything else is left to the default client (the site's own).
 */
export function identityRouter<const Shared extends string = "shared", const Site extends string = "app">(
  names: { readonly shared: Shared; readonly site: Site } = { shared: "shared", site: "app" } as {
    shared: Shared;
    site: Site;
  },
): DatabaseRouter<Shared | Site> {
  const identity: ReadonlySet<string> = new Set(IDENTITY_MODELS);
  const admin = { client: names.site, reason: "admin" } as const;
  const routedModel = { client: names.shared, reason: "routed-model" } as const;
  const route = (model: string, ctx: RoutingContext | undefined) =>
    ctx?.admin === true ? admin : identity.has(model) ? routedModel : undefined;
  return {
    name: "identity",
    dbForRead: route,
    dbForWrite: route,
    dbForTransaction: (ctx) => (ctx?.admin === true ? admin : undefined),
  };
}
