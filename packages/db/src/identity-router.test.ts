// identityRouter: the policy userbridge's sites route by (Django's seed router), on its own and on the
// generic facade over in-memory stand-in clients named like createDb's: an admin request goes to the
// site's own database, an identity model to the shared one, anything else to the default (the site's).
import { describe, expect, it } from "vitest";
import { type Call, createStandInClient } from "../../router/test/stand-in-client.ts";
import {
  CrossDatabaseTransactionError,
  createRoutedClient,
  type DatabaseRouter,
  IDENTITY_MODELS,
  identityRouter,
  recordRoutes,
  runWithRouting,
  TRANSACTION_MODEL,
  UnknownClientError,
} from "./index.js";

const where = (list: Call[]) => list.map(({ client, model, operation }) => ({ client, model, operation }));

function site(routers: readonly DatabaseRouter<"shared" | "app">[] = []) {
  const calls: Call[] = [];
  const clients = {
    shared: createStandInClient("shared", IDENTITY_MODELS, calls),
    app: createStandInClient("app", [...IDENTITY_MODELS, "post"], calls),
  };
  const trace = recordRoutes();
  const db = createRoutedClient({
    clients,
    defaultClient: "app",
    // As createDb does: your routers first, then the identity router.
    routers: [
      ...routers,
      identityRouter({ shared: "shared", site: "app" }) as DatabaseRouter<"shared" | "app">,
    ],
    onRoute: trace.onRoute,
  });
  return { db, calls, trace };
}

describe("identityRouter's answers", () => {
  const router = identityRouter({ shared: "identity", site: "blog" });

  it("sends every identity model to the shared database outside the admin (reason routed-model)", () => {
    for (const model of IDENTITY_MODELS) {
      for (const ctx of [undefined, {}, { admin: false }, { tenant: "a" }]) {
        expect(router.dbForRead?.(model, ctx), `${model} in ${JSON.stringify(ctx)}`).toEqual({
          client: "identity",
          reason: "routed-model",
        });
        expect(router.dbForWrite?.(model, ctx)).toEqual({ client: "identity", reason: "routed-model" });
      }
    }
  });

  it("sends everything to the site's database in the admin (reason admin), identity model or not", () => {
    for (const model of [...IDENTITY_MODELS, "post", "comment"]) {
      expect(router.dbForRead?.(model, { admin: true })).toEqual({ client: "blog", reason: "admin" });
      expect(router.dbForWrite?.(model, { admin: true, tenant: "a" })).toEqual({
        client: "blog",
        reason: "admin",
      });
    }
  });

  it("takes only `admin: true` as the admin, not a truthy value from an untyped source", () => {
    for (const admin of ["true", "false", 1, {}]) {
      const ctx = { admin } as unknown as { admin: boolean };
      expect(router.dbForRead?.("user", ctx)).toEqual({ client: "identity", reason: "routed-model" });
      expect(router.dbForWrite?.("post", ctx)).toBeUndefined();
      expect(router.dbForTransaction?.(ctx)).toBeUndefined();
    }
  });

  it("leaves any other model to the default client outside the admin", () => {
    for (const model of ["post", "comment", "User", "users"]) {
      expect(router.dbForRead?.(model, { admin: false })).toBeUndefined();
      expect(router.dbForWrite?.(model, undefined)).toBeUndefined();
    }
  });

  it("puts an interactive transaction on the site's database in the admin, and leaves it otherwise", () => {
    expect(router.dbForTransaction?.({ admin: true })).toEqual({ client: "blog", reason: "admin" });
    expect(router.dbForTransaction?.({ admin: false })).toBeUndefined();
    expect(router.dbForTransaction?.(undefined)).toBeUndefined();
  });

  it("is named identity and defaults to the clients shared and app", () => {
    expect(router.name).toBe("identity");
    const defaults = identityRouter();
    expect(defaults.dbForRead?.("session", {})).toEqual({ client: "shared", reason: "routed-model" });
    expect(defaults.dbForWrite?.("post", { admin: true })).toEqual({ client: "app", reason: "admin" });
  });

  it("covers Auth.js' models and userbridge's own", () => {
    expect([...IDENTITY_MODELS].sort()).toEqual(
      [
        "account",
        "authenticator",
        "handoffCode",
        "loginThrottle",
        "session",
        "user",
        "verificationToken",
      ].sort(),
    );
  });
});

describe("identityRouter on the routed client (admin -> app; identity -> shared; else app)", () => {
  const table = [
    { ctx: undefined, model: "user", operation: "findMany", client: "shared", reason: "routed-model" },
    { ctx: { admin: false }, model: "user", operation: "create", client: "shared", reason: "routed-model" },
    {
      ctx: { admin: false },
      model: "session",
      operation: "delete",
      client: "shared",
      reason: "routed-model",
    },
    { ctx: {}, model: "handoffCode", operation: "upsert", client: "shared", reason: "routed-model" },
    { ctx: { admin: false }, model: "post", operation: "findMany", client: "app", reason: "default" },
    { ctx: { admin: true }, model: "user", operation: "findUnique", client: "app", reason: "admin" },
    { ctx: { admin: true }, model: "verificationToken", operation: "create", client: "app", reason: "admin" },
    { ctx: { admin: true }, model: "loginThrottle", operation: "count", client: "app", reason: "admin" },
    { ctx: { admin: true }, model: "post", operation: "create", client: "app", reason: "admin" },
  ] as const;

  for (const { ctx, model, operation, client, reason } of table) {
    it(`${model}.${operation} in ${JSON.stringify(ctx)} reaches ${client} (${reason})`, async () => {
      const { db, calls, trace } = site();
      const call = () =>
        (db as unknown as Record<string, Record<string, () => PromiseLike<unknown>>>)[model]?.[operation]?.();
      await (ctx ? runWithRouting(ctx, call) : call());
      expect(where(calls)).toEqual([{ client, model, operation }]);
      expect(trace.decisions).toEqual([
        { model, operation, client, reason, ...(reason !== "default" && { router: "identity" }) },
      ]);
    });
  }

  it("decides when the method is called, not when the promise is awaited", async () => {
    const { db, calls } = site();
    const pending = runWithRouting({ admin: true }, () => db.user.findMany());
    await runWithRouting({ admin: false }, async () => pending);
    expect(where(calls)).toEqual([{ client: "app", model: "user", operation: "findMany" }]);
  });

  it("keeps the admin flag under a nested context that does not set it", () => {
    const { db } = site();
    expect(
      runWithRouting({ admin: true }, () => runWithRouting({ tenant: "a" }, () => db.$routeOf("user"))),
    ).toBe("app");
    expect(
      runWithRouting({ admin: true }, () => runWithRouting({ admin: false }, () => db.$routeOf("User"))),
    ).toBe("shared");
  });

  it("tries your routers first; the identity router decides what they pass", async () => {
    const { db, calls, trace } = site([
      { name: "accounts-local", dbForRead: (model) => (model === "account" ? "app" : undefined) },
      { dbForWrite: (model, ctx) => (model === "user" && ctx?.tenant === "x" ? "app" : undefined) },
    ]);
    expect(db.$routeOf("account", "findMany")).toBe("app");
    expect(db.$routeOf("account", "create")).toBe("shared");
    expect(runWithRouting({ tenant: "x" }, () => db.$routeOf("user", "update"))).toBe("app");
    expect(runWithRouting({ tenant: "y" }, () => db.$routeOf("user", "update"))).toBe("shared");
    // Even in the admin, a router placed before the identity router wins.
    const admin = site([{ dbForWrite: (model) => (model === "session" ? "shared" : undefined) }]);
    expect(runWithRouting({ admin: true }, () => admin.db.$routeOf("session", "delete"))).toBe("shared");
    expect(runWithRouting({ admin: true }, () => admin.db.$routeOf("session"))).toBe("app");
    await db.account.findFirst();
    await db.account.count({});
    await db.session.count();
    expect(where(calls)).toEqual([
      { client: "app", model: "account", operation: "findFirst" },
      { client: "app", model: "account", operation: "count" },
      { client: "shared", model: "session", operation: "count" },
    ]);
    expect(trace.decisions.map(({ client, reason, router }) => [client, reason, router])).toEqual([
      ["app", "router", "accounts-local"],
      ["app", "router", "accounts-local"],
      ["shared", "routed-model", "identity"],
    ]);
  });

  it("refuses your router's answer naming no client", () => {
    const { db } = site([{ dbForRead: () => "replica" as "app" }]);
    expect(() => db.user.findMany()).toThrow(UnknownClientError);
  });
});

describe("identityRouter and transactions", () => {
  it("runs an interactive transaction in the admin on the site's database, identity models included", async () => {
    const { db, calls, trace } = site();
    await runWithRouting({ admin: true }, () =>
      db.$transaction(async (tx) => {
        await tx.user.create({});
        await tx.post.create({});
      }),
    );
    expect(where(calls)).toEqual([
      { client: "app", model: "$transaction", operation: "interactive" },
      { client: "app", model: "user", operation: "create" },
      { client: "app", model: "post", operation: "create" },
    ]);
    expect(trace.decisions[0]).toMatchObject({ model: TRANSACTION_MODEL, client: "app", reason: "admin" });
  });

  it("runs one outside the admin on the default (site) database, where an identity model is refused", async () => {
    const { db, calls, trace } = site();
    await db.$transaction(async (tx) => tx.post.findMany());
    expect(trace.decisions[0]).toMatchObject({ model: TRANSACTION_MODEL, client: "app", reason: "default" });
    calls.length = 0;
    await expect(db.$transaction(async (tx) => tx.user.findMany())).rejects.toBeInstanceOf(
      CrossDatabaseTransactionError,
    );
    expect(where(calls).filter((call) => call.model !== "$transaction")).toEqual([]);
  });

  it("runs one on the shared database when asked, for identity models", async () => {
    const { db, calls } = site();
    await runWithRouting({ admin: false }, () =>
      db.$transaction(
        async (tx) => {
          await tx.user.create({});
          await tx.session.create({});
        },
        { client: "shared" },
      ),
    );
    expect(where(calls).map((call) => call.client)).toEqual(["shared", "shared", "shared"]);
  });

  it("batches identity models on shared, and refuses a batch mixing them with site models", async () => {
    const { db, calls } = site();
    await db.$transaction([db.user.create({}), db.session.create({})]);
    expect(where(calls)).toEqual([
      { client: "shared", model: "$transaction", operation: "batch" },
      { client: "shared", model: "user", operation: "create" },
      { client: "shared", model: "session", operation: "create" },
    ]);
    calls.length = 0;
    const attempt = db.$transaction([db.user.create({}), db.post.create({})]);
    await expect(attempt).rejects.toMatchObject({ clients: ["shared", "app"] });
    expect(calls).toEqual([]);
    // In the admin both are the site's.
    await runWithRouting({ admin: true }, () => db.$transaction([db.user.create({}), db.post.create({})]));
    expect(where(calls).map((call) => call.client)).toEqual(["app", "app", "app"]);
  });
});
