import { beforeEach, describe, expect, it } from "vitest";
import { type Call, createStandInClient, type StandInClient } from "../test/stand-in-client.js";
import { runWithRouting } from "./context.js";
import {
  CrossDatabaseTransactionError,
  DatabaseUnavailableError,
  MissingRoutingContextError,
  UnknownClientError,
  UnknownModelError,
  USERBRIDGE_ERROR_CODES,
} from "./errors.js";
import { createRoutedClient } from "./routed-client.js";
import { recordRoutes } from "./trace.js";

const IDENTITY = ["user", "account", "session", "verificationToken"] as const;

let calls: Call[];
type Identity = (typeof IDENTITY)[number];
let clients: { shared: StandInClient<Identity>; app: StandInClient<Identity | "post"> };

beforeEach(() => {
  calls = [];
  clients = {
    shared: createStandInClient("shared", IDENTITY, calls),
    app: createStandInClient("app", [...IDENTITY, "post"], calls),
  };
});

const where = (list: Call[]) => list.map(({ client, model, operation }) => ({ client, model, operation }));

describe("built-in policy (admin -> app; routed model -> shared; else app)", () => {
  const table = [
    { ctx: undefined, model: "user", operation: "findMany", client: "shared" },
    { ctx: { admin: false }, model: "user", operation: "create", client: "shared" },
    { ctx: { admin: false }, model: "session", operation: "delete", client: "shared" },
    { ctx: { admin: false }, model: "post", operation: "findMany", client: "app" },
    { ctx: { admin: true }, model: "user", operation: "findUnique", client: "app" },
    { ctx: { admin: true }, model: "verificationToken", operation: "create", client: "app" },
    { ctx: { admin: true }, model: "post", operation: "create", client: "app" },
  ] as const;

  for (const { ctx, model, operation, client } of table) {
    it(`${model}.${operation} in ${JSON.stringify(ctx)} reaches ${client}`, async () => {
      const db = createRoutedClient({ clients });
      const call = () =>
        (db as unknown as Record<string, Record<string, () => PromiseLike<unknown>>>)[model]?.[operation]?.();
      await (ctx ? runWithRouting(ctx, call) : call());
      expect(where(calls)).toEqual([{ client, model, operation }]);
    });
  }

  it("accepts Prisma model names in routedModels and $routeOf", () => {
    const db = createRoutedClient({ clients, routedModels: ["User"] });
    expect(db.$routeOf("User")).toBe("shared");
    expect(db.$routeOf("session")).toBe("app");
    expect(runWithRouting({ admin: true }, () => db.$routeOf("user", "create"))).toBe("app");
  });
});

describe("decisions", () => {
  it("is made when the method is called, not when the promise is awaited", async () => {
    const db = createRoutedClient({ clients });
    const pending = runWithRouting({ admin: true }, () => db.user.findMany());
    await runWithRouting({ admin: false }, async () => pending);
    expect(where(calls)).toEqual([{ client: "app", model: "user", operation: "findMany" }]);
  });

  it("sends nothing until the promise is awaited (lazy, like Prisma's)", async () => {
    const db = createRoutedClient({ clients });
    const pending = db.user.findMany();
    expect(calls).toEqual([]);
    await pending;
    expect(calls).toHaveLength(1);
  });

  it("tries routers in order, read and write separately, before the built-in policy", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      onRoute: trace.onRoute,
      routers: [
        { name: "posts-read-shared", dbForRead: (model) => (model === "post" ? "shared" : undefined) },
        { dbForWrite: (model, ctx) => (model === "user" && ctx?.tenant === "x" ? "app" : undefined) },
        { dbForWrite: () => "shared" },
      ],
    });
    expect(db.$routeOf("post", "findMany")).toBe("shared");
    expect(db.$routeOf("post", "create")).toBe("shared");
    expect(runWithRouting({ tenant: "x" }, () => db.$routeOf("user", "update"))).toBe("app");
    expect(db.$routeOf("user", "count")).toBe("shared");
    await db.session.count();
    expect(trace.decisions.at(-1)).toMatchObject({ reason: "routed-model", client: "shared" });
  });

  it("refuses a router's answer that names no client", () => {
    const db = createRoutedClient({ clients, routers: [{ dbForRead: () => "replica" as "app" }] });
    expect(() => db.user.findMany()).toThrow(UnknownClientError);
  });

  it("traces every decision with its reason", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({ clients, onRoute: trace.onRoute });
    await runWithRouting({ admin: true }, () => db.user.findFirst());
    await db.post.count();
    await db.account.count();
    expect(trace.decisions.map(({ client, reason }) => [client, reason])).toEqual([
      ["app", "admin"],
      ["app", "default"],
      ["shared", "routed-model"],
    ]);
  });

  it("strict mode refuses calls outside a context, and allows them inside", async () => {
    const db = createRoutedClient({ clients, strict: true });
    expect(() => db.user.findMany()).toThrow(MissingRoutingContextError);
    expect(() => db.$routeOf("post")).toThrow(
      expect.objectContaining({ code: USERBRIDGE_ERROR_CODES.MISSING_ROUTING_CONTEXT }),
    );
    await runWithRouting({}, () => db.user.findMany());
    expect(calls).toHaveLength(1);
  });
});

describe("configuration errors fail at creation", () => {
  it("names a routed model the shared client lacks", () => {
    expect(() => createRoutedClient({ clients, routedModels: ["post" as "user"] })).toThrow(
      expect.objectContaining({
        code: USERBRIDGE_ERROR_CODES.UNKNOWN_MODEL,
        message: expect.stringContaining('"post"'),
      }),
    );
  });

  it("names a routed model the app client lacks (the admin needs it)", () => {
    const bare = { shared: clients.shared, app: createStandInClient("app", ["post"], calls) };
    expect(() => createRoutedClient({ clients: bare })).toThrow(UnknownModelError);
  });

  it("names a missing default client", () => {
    expect(() => createRoutedClient({ clients, defaultClient: "other" as "app" })).toThrow(
      UnknownClientError,
    );
  });
});

describe("facade", () => {
  it("$using returns the raw client and refuses unknown names", () => {
    const db = createRoutedClient({ clients });
    expect(db.$using("shared")).toBe(clients.shared);
    expect(() => db.$using("nope" as "app")).toThrow(UnknownClientError);
  });

  it("sends raw queries to the default client", async () => {
    const db = createRoutedClient({ clients });
    await db.$queryRaw`SELECT 1`;
    expect(where(calls)).toEqual([{ client: "app", model: "$raw", operation: "SELECT 1" }]);
  });

  it("names the default database when a raw query cannot reach it", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const app = Object.assign(createStandInClient("app", [...IDENTITY, "post"], calls), {
      $queryRaw: async () => Promise.reject(refused),
    });
    const db = createRoutedClient({ clients: { ...clients, app } });
    await expect(db.$queryRaw`SELECT 1`).rejects.toMatchObject({
      code: USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE,
      database: "app",
    });
  });

  it("reads unknown models as undefined and is not itself thenable", async () => {
    const db = createRoutedClient({ clients }) as unknown as Record<string, unknown>;
    expect(db.comment).toBeUndefined();
    expect(db.then).toBeUndefined();
    expect(await Promise.resolve(db)).toBe(db);
  });

  it("turns an unreachable database into DatabaseUnavailableError naming it", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const down = {
      ...clients,
      shared: createStandInClient("shared", IDENTITY, calls, { fail: () => refused }),
    };
    const db = createRoutedClient({ clients: down });
    const error = await db.user.findMany().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ database: "shared", cause: refused });
    await db.post.findMany();
    expect(where(calls)).toEqual([{ client: "app", model: "post", operation: "findMany" }]);
  });

  it("leaves query errors as they are", async () => {
    const bad = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
    const failing = {
      ...clients,
      app: createStandInClient("app", [...IDENTITY, "post"], calls, { fail: () => bad }),
    };
    const db = createRoutedClient({ clients: failing });
    await expect(db.post.create({ data: {} })).rejects.toBe(bad);
  });
});

describe("transactions never span two databases", () => {
  it("runs a batch on the one client all its operations route to", async () => {
    const db = createRoutedClient({ clients });
    await db.$transaction([db.user.create({}), db.session.create({})]);
    expect(where(calls)).toEqual([
      { client: "shared", model: "$transaction", operation: "batch" },
      { client: "shared", model: "user", operation: "create" },
      { client: "shared", model: "session", operation: "create" },
    ]);
  });

  it("refuses a batch that routes to both, before anything is sent", async () => {
    const db = createRoutedClient({ clients });
    const attempt = db.$transaction([db.user.create({}), db.post.create({})]);
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    await expect(attempt).rejects.toMatchObject({ clients: ["shared", "app"] });
    expect(calls).toEqual([]);
  });

  it("refuses a batch whose operations differ from the required client", async () => {
    const db = createRoutedClient({ clients });
    await expect(db.$transaction([db.user.create({})], { client: "app" })).rejects.toBeInstanceOf(
      CrossDatabaseTransactionError,
    );
    expect(calls).toEqual([]);
  });

  it("refuses things that are not routed promises in a batch", async () => {
    const db = createRoutedClient({ clients });
    await expect(db.$transaction([Promise.resolve(1)])).rejects.toMatchObject({
      code: USERBRIDGE_ERROR_CODES.INVALID_TRANSACTION,
    });
  });

  it("runs an interactive transaction on the chosen client and refuses a model routed elsewhere", async () => {
    const db = createRoutedClient({ clients });
    await db.$transaction(async (tx) => tx.user.create({}), { client: "shared" });
    expect(where(calls)).toEqual([
      { client: "shared", model: "$transaction", operation: "interactive" },
      { client: "shared", model: "user", operation: "create" },
    ]);
    expect(calls[1]?.inTransaction).toBe(true);

    calls.length = 0;
    const attempt = db.$transaction(
      async (tx) => {
        await tx.user.create({});
        await tx.post.create({});
      },
      { client: "shared" },
    );
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    expect(where(calls).filter((call) => call.model === "post")).toEqual([]);
  });

  it("picks the transaction's client from the context: app under admin, else the default", async () => {
    const db = createRoutedClient({ clients });
    await runWithRouting({ admin: true }, () => db.$transaction(async (tx) => tx.user.findMany()));
    await db.$transaction(async (tx) => tx.post.findMany());
    await expect(db.$transaction(async (tx) => tx.user.findMany())).rejects.toBeInstanceOf(
      CrossDatabaseTransactionError,
    );
    expect(where(calls).filter((call) => call.model !== "$transaction")).toEqual([
      { client: "app", model: "user", operation: "findMany" },
      { client: "app", model: "post", operation: "findMany" },
    ]);
  });
});

describe("$connect / $disconnect", () => {
  it("closes every client even when one fails, then reports the failure", async () => {
    const closed: string[] = [];
    const failing = {
      shared: Object.assign(clients.shared, { $disconnect: async () => Promise.reject(new Error("boom")) }),
      app: Object.assign(clients.app, { $disconnect: async () => void closed.push("app") }),
    };
    const db = createRoutedClient({ clients: failing });
    await expect(db.$disconnect()).rejects.toThrow("boom");
    expect(closed).toEqual(["app"]);
  });
});
