// The generic facade on in-memory stand-in clients: two databases `main` and `reports`, models
// `customer` and `order` in both and `invoice` in `reports` only, routers reading `{ report }` and
// `{ tenant }` contexts. Nothing here is specific to any schema.
import { beforeEach, describe, expect, it } from "vitest";
import { type Call, createStandInClient, type StandInClient } from "../test/stand-in-client.js";
import { requestState, runWithRouting } from "./context.js";
import {
  CrossDatabaseTransactionError,
  DatabaseUnavailableError,
  MissingRoutingContextError,
  UnknownClientError,
  UnknownModelError,
  USERBRIDGE_ERROR_CODES,
} from "./errors.js";
import { isReadOperation, READ_OPERATIONS, WRITE_OPERATIONS } from "./operations.js";
import { type DatabaseRouter, TRANSACTION_MODEL } from "./policy.js";
import type { ReadTargets } from "./read-targets.js";
import { createRoutedClient, RAW_MODEL, readOnly } from "./routed-client.js";
import { recordRoutes } from "./trace.js";

type MainModel = "customer" | "order";
type ReportsModel = MainModel | "invoice";
type Clients = { main: StandInClient<"main", MainModel>; reports: StandInClient<"reports", ReportsModel> };

let calls: Call[];
let clients: Clients;

beforeEach(() => {
  calls = [];
  clients = {
    main: createStandInClient("main", ["customer", "order"], calls),
    reports: createStandInClient("reports", ["customer", "order", "invoice"], calls),
  };
});

const where = (list: Call[]) => list.map(({ client, model, operation }) => ({ client, model, operation }));
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
const settle = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => undefined,
    (error: unknown) => error,
  );

/** Reads go to `reports` in a `{ report: true }` context; everything else passes. */
const reportReads: DatabaseRouter<"main" | "reports"> = {
  name: "report-reads",
  dbForRead: (_model, ctx) => (ctx?.report === true ? "reports" : undefined),
};

describe("routers", () => {
  it("sends every call to the default client when there are no routers (reason default)", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({ clients, defaultClient: "main", onRoute: trace.onRoute });
    await db.customer.findMany();
    await runWithRouting({ report: true }, () => db.order.create({}));
    expect(where(calls)).toEqual([
      { client: "main", model: "customer", operation: "findMany" },
      { client: "main", model: "order", operation: "create" },
    ]);
    expect(trace.decisions).toEqual([
      { model: "customer", operation: "findMany", client: "main", reason: "default" },
      { model: "order", operation: "create", client: "main", reason: "default" },
    ]);
  });

  it("falls through to whichever client is the default when every router passes", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "reports",
      routers: [reportReads, { dbForWrite: () => undefined }],
      onRoute: trace.onRoute,
    });
    await db.customer.findFirst();
    await db.order.update({});
    expect(where(calls).map((call) => call.client)).toEqual(["reports", "reports"]);
    expect(trace.decisions.map(({ reason, router }) => ({ reason, router }))).toEqual([
      { reason: "default", router: undefined },
      { reason: "default", router: undefined },
    ]);
  });

  it("tries routers in order, reads and writes separately; the first answer wins", async () => {
    const trace = recordRoutes();
    const asked: string[] = [];
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      onRoute: trace.onRoute,
      routers: [
        {
          name: "report-reads",
          dbForRead: (model, ctx) => {
            asked.push(`read ${model}`);
            return ctx?.report === true ? "reports" : undefined;
          },
        },
        { dbForWrite: (model) => (model === "order" ? { client: "reports", reason: "archive" } : undefined) },
        { name: "last", dbForRead: () => "main", dbForWrite: () => "main" },
      ],
    });
    await runWithRouting({ report: true }, () => db.customer.findMany());
    await db.customer.count();
    await db.order.create({});
    await runWithRouting({ report: true }, () => db.order.update({}));
    await runWithRouting({ report: true }, () => db.customer.delete({}));

    expect(where(calls)).toEqual([
      { client: "reports", model: "customer", operation: "findMany" },
      { client: "main", model: "customer", operation: "count" },
      { client: "reports", model: "order", operation: "create" },
      { client: "reports", model: "order", operation: "update" },
      { client: "main", model: "customer", operation: "delete" },
    ]);
    expect(trace.decisions.map(({ client, reason, router }) => [client, reason, router])).toEqual([
      ["reports", "router", "report-reads"],
      ["main", "router", "last"],
      ["reports", "archive", "1"], // an unnamed router is named by its index
      ["reports", "archive", "1"],
      ["main", "router", "last"],
    ]);
    // The read router was asked about reads only, with the delegate name.
    expect(asked).toEqual(["read customer", "read customer"]);
  });

  it("classifies every Prisma operation as a read or a write", () => {
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [{ dbForRead: () => "reports", dbForWrite: () => "main" }],
    });
    for (const operation of READ_OPERATIONS)
      expect(db.$routeOf("customer", operation), operation).toBe("reports");
    for (const operation of WRITE_OPERATIONS)
      expect(db.$routeOf("customer", operation), operation).toBe("main");
  });

  it("passes the caller's routing context to the routers, read when the method is called", async () => {
    const seen: unknown[] = [];
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [
        {
          dbForRead: (_model, ctx) => {
            seen.push(ctx);
            return ctx?.tenant === "b" ? "reports" : undefined;
          },
        },
      ],
    });
    const pending = runWithRouting({ tenant: "b" }, () => db.customer.findMany());
    await runWithRouting({ tenant: "a" }, async () => pending);
    await db.customer.findMany();
    expect(seen).toEqual([{ tenant: "b" }, undefined]);
    expect(where(calls).map((call) => call.client)).toEqual(["reports", "main"]);
  });

  it("sends nothing until the promise is awaited (lazy, like Prisma's)", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    const pending = db.customer.findMany();
    expect(calls).toEqual([]);
    await pending;
    expect(calls).toHaveLength(1);
  });

  it("refuses a router's answer that names no client, bare or with a reason, before anything is sent", () => {
    const trace = recordRoutes();
    const bare = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [{ dbForRead: () => "replica" as "main" }],
      onRoute: trace.onRoute,
    });
    expect(() => bare.customer.findMany()).toThrow(UnknownClientError);
    expect(() => bare.customer.findMany()).toThrow(/"replica".*"main", "reports"/);
    const chosen = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [{ dbForWrite: () => ({ client: "replica" as "main", reason: "oops" }) }],
    });
    expect(() => chosen.order.create({})).toThrow(UnknownClientError);
    expect(calls).toEqual([]);
    expect(trace.decisions).toEqual([]); // no decision for a client that does not exist
  });

  it("$routeOf answers like a call would, for delegate and model names, without tracing", () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [reportReads],
      onRoute: trace.onRoute,
    });
    expect(db.$routeOf("customer")).toBe("main");
    expect(runWithRouting({ report: true }, () => db.$routeOf("Customer"))).toBe("reports");
    expect(runWithRouting({ report: true }, () => db.$routeOf("order", "create"))).toBe("main");
    expect(trace.decisions).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("strict mode refuses calls outside a context, and allows them inside", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main", strict: true });
    expect(() => db.customer.findMany()).toThrow(MissingRoutingContextError);
    expect(() => db.$routeOf("order")).toThrow(
      expect.objectContaining({ code: USERBRIDGE_ERROR_CODES.MISSING_ROUTING_CONTEXT }),
    );
    await expect(db.$transaction(async () => 1)).rejects.toBeInstanceOf(MissingRoutingContextError);
    expect(calls).toEqual([]);
    await runWithRouting({}, () => db.customer.findMany());
    expect(calls).toHaveLength(1);
  });
});

describe("configuration errors fail at creation", () => {
  it("names a model listed in modelClients that its client lacks", () => {
    expect(() =>
      createRoutedClient({ clients, defaultClient: "main", modelClients: { invoice: "main" } }),
    ).toThrow(
      expect.objectContaining({
        code: USERBRIDGE_ERROR_CODES.UNKNOWN_MODEL,
        message: expect.stringMatching(/"main" client has no model "invoice" \(listed in modelClients\)/),
      }),
    );
  });

  it("accepts a listed model its client has, by delegate or model name", () => {
    expect(() =>
      createRoutedClient({ clients, defaultClient: "main", modelClients: { invoice: "reports" } }),
    ).not.toThrow();
    expect(() =>
      createRoutedClient({
        clients,
        defaultClient: "main",
        modelClients: { Invoice: "reports" },
      }),
    ).not.toThrow();
    expect(() =>
      createRoutedClient({
        clients,
        defaultClient: "main",
        modelClients: { Invoice: "main" },
      }),
    ).toThrow(UnknownModelError);
  });

  it("names an unknown client in modelClients", () => {
    expect(() =>
      createRoutedClient({
        clients,
        defaultClient: "main",
        modelClients: { customer: "archive" as "main" },
      }),
    ).toThrow(UnknownClientError);
  });

  it("names a missing default client", () => {
    expect(() => createRoutedClient({ clients, defaultClient: "archive" as "main" })).toThrow(
      UnknownClientError,
    );
  });
});

describe("models", () => {
  it("routes a model listed in modelClients like any other: the listing is for types only", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      modelClients: { invoice: "reports" },
      onRoute: trace.onRoute,
    });
    // No router sends invoices to reports, so the call goes to main, which has no such model.
    expect(() => db.invoice.findMany()).toThrow(UnknownModelError);
    expect(() => db.invoice.findMany()).toThrow(/"main" client has no model "invoice" \(routed by default\)/);
    const routed = createRoutedClient({
      clients,
      defaultClient: "main",
      modelClients: { invoice: "reports" },
      routers: [{ dbForRead: (model) => (model === "invoice" ? "reports" : undefined) }],
    });
    await routed.invoice.findMany();
    expect(where(calls)).toEqual([{ client: "reports", model: "invoice", operation: "findMany" }]);
  });

  it("creates each delegate on first access and keeps it", () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    expect(Object.hasOwn(db, "customer")).toBe(false);
    const first = db.customer;
    expect(Object.hasOwn(db, "customer")).toBe(true);
    expect(db.customer).toBe(first);
    expect(Object.hasOwn(db, "order")).toBe(false);
  });

  it("has a delegate for a model of any client, and none for a model no client has", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" }) as unknown as Record<string, unknown>;
    expect(db.invoice).toBeDefined();
    expect(db.comment).toBeUndefined();
    expect(db.then).toBeUndefined();
    expect(await Promise.resolve(db)).toBe(db);
  });

  it("forwards `fields` (the model's field references) without routing anything", () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      modelClients: { invoice: "reports" },
      onRoute: trace.onRoute,
    });
    expect(db.customer.fields).toBe(clients.main.customer.fields);
    expect(db.invoice.fields).toEqual({ client: "reports", model: "invoice" });
    expect(trace.decisions).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe("facade", () => {
  it("$using returns the raw client and refuses unknown names", () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    expect(db.$using("reports")).toBe(clients.reports);
    expect(() => db.$using("archive" as "main")).toThrow(UnknownClientError);
  });

  it("sends raw queries to the default client, whatever the routers say", async () => {
    const db = createRoutedClient({
      clients,
      defaultClient: "reports",
      routers: [{ dbForRead: () => "main", dbForWrite: () => "main" }],
    });
    await db.$queryRaw`SELECT 1`;
    await db.$executeRaw`DELETE FROM t`;
    expect(where(calls)).toEqual([
      { client: "reports", model: "$queryRaw", operation: "SELECT 1" },
      { client: "reports", model: "$executeRaw", operation: "DELETE FROM t" },
    ]);
  });

  it("names the default database when a raw query cannot reach it", async () => {
    const down = {
      ...clients,
      main: createStandInClient("main", ["customer", "order"], calls, { fail: refused }),
    };
    const db = createRoutedClient({ clients: down, defaultClient: "main" });
    await expect(db.$queryRaw`SELECT 1`).rejects.toMatchObject({
      code: USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE,
      database: "main",
    });
  });

  it("turns an unreachable database into DatabaseUnavailableError naming it; the other keeps working", async () => {
    const cause = refused();
    const down = {
      ...clients,
      reports: createStandInClient("reports", ["customer", "order", "invoice"], calls, { fail: () => cause }),
    };
    const db = createRoutedClient({ clients: down, defaultClient: "main", routers: [reportReads] });
    const error = await settle(runWithRouting({ report: true }, () => db.customer.findMany()));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ database: "reports", cause, status: 503 });
    await db.customer.findMany();
    expect(where(calls)).toEqual([{ client: "main", model: "customer", operation: "findMany" }]);
  });

  it("leaves query errors as they are", async () => {
    const bad = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
    const failing = {
      ...clients,
      main: createStandInClient("main", ["customer", "order"], calls, { fail: () => bad }),
    };
    const db = createRoutedClient({ clients: failing, defaultClient: "main" });
    await expect(db.order.create({ data: {} })).rejects.toBe(bad);
  });
});

describe("raw SQL", () => {
  it("is reported like a model call: model $raw, the method, the database and why it went there", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({ clients, defaultClient: "main", onRoute: trace.onRoute });
    await db.$queryRaw(...readOnly`SELECT 1`);
    await db.$pinned("reports").$executeRaw`SELECT 2`;
    await db.$transaction((tx) => tx.$queryRaw`SELECT 3`, { client: "reports" });
    expect(trace.decisions.filter((decision) => decision.model === RAW_MODEL)).toEqual([
      { model: "$raw", operation: "$queryRaw", client: "main", reason: "default", readOnly: true },
      { model: "$raw", operation: "$executeRaw", client: "reports", reason: "pinned" },
      { model: "$raw", operation: "$queryRaw", client: "reports", reason: "transaction" },
    ]);
  });
});

describe("$pinned(name)", () => {
  it("sends every call to that database, asking no router, traced with reason pinned", async () => {
    const trace = recordRoutes();
    let asked = 0;
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      onRoute: trace.onRoute,
      routers: [
        {
          dbForRead: () => {
            asked++;
            return "main";
          },
          dbForWrite: () => {
            asked++;
            return "main";
          },
        },
      ],
    });
    const reports = db.$pinned("reports");
    await reports.customer.findMany();
    await runWithRouting({ report: false, tenant: "a" }, () => reports.order.create({}));
    await db.$pinned("main").order.count();
    expect(asked).toBe(0);
    expect(where(calls)).toEqual([
      { client: "reports", model: "customer", operation: "findMany" },
      { client: "reports", model: "order", operation: "create" },
      { client: "main", model: "order", operation: "count" },
    ]);
    expect(trace.decisions).toEqual([
      { model: "customer", operation: "findMany", client: "reports", reason: "pinned" },
      { model: "order", operation: "create", client: "reports", reason: "pinned" },
      { model: "order", operation: "count", client: "main", reason: "pinned" },
    ]);
  });

  it("has that database's models only, with their fields", () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    expect(db.$pinned("reports").invoice.fields).toEqual({ client: "reports", model: "invoice" });
    expect((db.$pinned("main") as unknown as Record<string, unknown>).invoice).toBeUndefined();
    expect((db.$pinned("main") as unknown as Record<string, unknown>).then).toBeUndefined();
  });

  it("runs raw SQL on that database, not the default one", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    await db.$pinned("reports").$queryRaw`SELECT 2`;
    await db.$pinned("reports").$executeRaw`VACUUM`;
    expect(where(calls)).toEqual([
      { client: "reports", model: "$queryRaw", operation: "SELECT 2" },
      { client: "reports", model: "$executeRaw", operation: "VACUUM" },
    ]);
  });

  it("names the database in DatabaseUnavailableError, for model calls and raw SQL", async () => {
    const down = {
      ...clients,
      reports: createStandInClient("reports", ["customer", "order", "invoice"], calls, { fail: refused }),
    };
    const db = createRoutedClient({ clients: down, defaultClient: "main" });
    for (const attempt of [
      db.$pinned("reports").invoice.count(),
      db.$pinned("reports").$queryRaw`SELECT 1`,
    ]) {
      const error = await settle(attempt);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error).toMatchObject({ database: "reports" });
    }
  });

  it("refuses an unknown name", () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    expect(() => db.$pinned("archive" as "main")).toThrow(UnknownClientError);
  });

  it("returns promises that join a batch transaction on that database", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    const reports = db.$pinned("reports");
    await db.$transaction([reports.invoice.create({}), reports.$executeRaw`UPDATE t`]);
    expect(where(calls)).toEqual([
      { client: "reports", model: "$transaction", operation: "batch" },
      { client: "reports", model: "invoice", operation: "create" },
      { client: "reports", model: "$executeRaw", operation: "UPDATE t" },
    ]);
    await expect(db.$transaction([reports.order.create({}), db.order.create({})])).rejects.toBeInstanceOf(
      CrossDatabaseTransactionError,
    );
  });
});

describe("batch transactions never span two databases", () => {
  it("run on the one client all their operations route to", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main", routers: [reportReads] });
    await runWithRouting({ report: true }, () => db.$transaction([db.customer.findMany(), db.order.count()]));
    expect(where(calls)).toEqual([
      { client: "reports", model: "$transaction", operation: "batch" },
      { client: "reports", model: "customer", operation: "findMany" },
      { client: "reports", model: "order", operation: "count" },
    ]);
  });

  it("refuse a batch that routes to both, before anything is sent", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main", routers: [reportReads] });
    const attempt = runWithRouting({ report: true }, () =>
      db.$transaction([db.customer.findMany(), db.order.create({})]),
    );
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    await expect(attempt).rejects.toMatchObject({ clients: ["reports", "main"] });
    expect(calls).toEqual([]);
  });

  it("honour the required client: refused when the operations route elsewhere, run when they agree", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    await expect(db.$transaction([db.order.create({})], { client: "reports" })).rejects.toBeInstanceOf(
      CrossDatabaseTransactionError,
    );
    expect(calls).toEqual([]);
    await db.$transaction([db.order.create({})], { client: "main" });
    expect(where(calls).map((call) => call.client)).toEqual(["main", "main"]);
  });

  it("run nothing for an empty batch", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    await expect(db.$transaction([])).resolves.toEqual([]);
    expect(calls).toEqual([]);
  });

  it("refuse things that are not routed promises", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    await expect(db.$transaction([Promise.resolve(1)])).rejects.toMatchObject({
      code: USERBRIDGE_ERROR_CODES.INVALID_TRANSACTION,
    });
  });

  it("name the database when it cannot be reached", async () => {
    const down = {
      ...clients,
      main: createStandInClient("main", ["customer", "order"], calls, { fail: refused }),
    };
    const db = createRoutedClient({ clients: down, defaultClient: "main" });
    await expect(db.$transaction([db.order.create({})])).rejects.toMatchObject({
      code: USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE,
      database: "main",
    });
  });
});

describe("interactive transactions", () => {
  it("run on the default client when no router's dbForTransaction answers, traced as $transaction", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [reportReads, { dbForTransaction: () => undefined }],
      onRoute: trace.onRoute,
    });
    await db.$transaction(async (tx) => tx.order.create({}));
    expect(where(calls)).toEqual([
      { client: "main", model: "$transaction", operation: "interactive" },
      { client: "main", model: "order", operation: "create" },
    ]);
    expect(calls[1]?.inTransaction).toBe(true);
    expect(trace.decisions[0]).toEqual({
      model: TRANSACTION_MODEL,
      operation: TRANSACTION_MODEL,
      client: "main",
      reason: "default",
    });
    expect(TRANSACTION_MODEL).toBe("$transaction");
  });

  it("run on the database the first answering dbForTransaction picks, from the caller's context", async () => {
    const trace = recordRoutes();
    const seen: unknown[] = [];
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      onRoute: trace.onRoute,
      routers: [
        reportReads, // no dbForTransaction: skipped
        {
          name: "tenants",
          dbForRead: (_model, ctx) => (ctx?.tenant === "b" ? "reports" : undefined),
          dbForTransaction: (ctx) => {
            seen.push(ctx);
            return ctx?.tenant === "b" ? { client: "reports", reason: "tenant-b" } : undefined;
          },
        },
        { dbForTransaction: () => "main" },
      ],
    });
    await runWithRouting({ tenant: "b" }, () => db.$transaction(async (tx) => tx.customer.findMany()));
    await runWithRouting({ tenant: "a" }, () => db.$transaction(async (tx) => tx.customer.findMany()));
    expect(seen).toEqual([{ tenant: "b" }, { tenant: "a" }]);
    expect(where(calls)).toEqual([
      { client: "reports", model: "$transaction", operation: "interactive" },
      { client: "reports", model: "customer", operation: "findMany" },
      { client: "main", model: "$transaction", operation: "interactive" },
      { client: "main", model: "customer", operation: "findMany" },
    ]);
    const transactions = trace.decisions.filter((decision) => decision.model === TRANSACTION_MODEL);
    expect(transactions.map(({ client, reason, router }) => [client, reason, router])).toEqual([
      ["reports", "tenant-b", "tenants"],
      ["main", "router", "2"],
    ]);
  });

  it("refuse a dbForTransaction answer that names no client", async () => {
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [{ dbForTransaction: () => "replica" as "main" }],
    });
    await expect(db.$transaction(async () => 1)).rejects.toBeInstanceOf(UnknownClientError);
    expect(calls).toEqual([]);
  });

  it("take the `client` option over any router, without asking them", async () => {
    let asked = 0;
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      onRoute: trace.onRoute,
      routers: [
        {
          dbForTransaction: () => {
            asked++;
            return "main";
          },
        },
      ],
    });
    await db.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { client: "reports" });
    expect(asked).toBe(0);
    expect(trace.decisions.filter((decision) => decision.model === TRANSACTION_MODEL)).toEqual([]);
    expect(where(calls)[0]).toEqual({ client: "reports", model: "$transaction", operation: "interactive" });
    await expect(db.$transaction(async () => 1, { client: "archive" as "main" })).rejects.toBeInstanceOf(
      UnknownClientError,
    );
  });

  it("refuse a model call routed to another database, before it is sent", async () => {
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [{ dbForRead: (model) => (model === "invoice" ? "reports" : undefined) }],
      modelClients: { invoice: "reports" },
    });
    const attempt = db.$transaction(async (tx) => {
      await tx.order.create({});
      await tx.invoice.findMany();
    });
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    await expect(attempt).rejects.toMatchObject({ clients: ["main", "reports"] });
    expect(where(calls).filter((call) => call.model === "invoice")).toEqual([]);
    // The same call is fine in a transaction on reports.
    await db.$transaction(async (tx) => tx.invoice.findMany(), { client: "reports" });
    expect(calls.at(-1)).toMatchObject({ client: "reports", model: "invoice", inTransaction: true });
  });

  it("give the transaction's raw SQL and fields", async () => {
    const db = createRoutedClient({ clients, defaultClient: "main" });
    const fields = await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 3`;
        return tx.customer.fields;
      },
      { client: "reports" },
    );
    expect(fields).toBe(clients.main.customer.fields);
    expect(calls.at(-1)).toEqual({
      client: "reports",
      model: "$queryRaw",
      operation: "SELECT 3",
      inTransaction: true,
    });
  });

  it("name the database when it cannot be reached", async () => {
    const down = {
      ...clients,
      reports: createStandInClient("reports", ["customer", "order", "invoice"], calls, { fail: refused }),
    };
    const db = createRoutedClient({ clients: down, defaultClient: "main" });
    await expect(db.$transaction(async () => 1, { client: "reports" })).rejects.toMatchObject({
      code: USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE,
      database: "reports",
    });
  });
});

describe("recordRoutes", () => {
  it("keeps every decision, gives the usual assertion shape, and clears", async () => {
    const trace = recordRoutes();
    const db = createRoutedClient({
      clients,
      defaultClient: "main",
      routers: [reportReads],
      onRoute: trace.onRoute,
    });
    await runWithRouting({ report: true }, () => db.order.findMany());
    await db.order.create({});
    expect(trace.calls()).toEqual([
      { client: "reports", model: "order", operation: "findMany" },
      { client: "main", model: "order", operation: "create" },
    ]);
    trace.clear();
    expect(trace.decisions).toEqual([]);
  });
});

describe("$connect / $disconnect", () => {
  it("opens every client", async () => {
    const opened: string[] = [];
    const db = createRoutedClient({
      clients: {
        main: Object.assign(clients.main, { $connect: async () => void opened.push("main") }),
        reports: Object.assign(clients.reports, { $connect: async () => void opened.push("reports") }),
      },
      defaultClient: "main",
    });
    await db.$connect();
    expect(opened.sort()).toEqual(["main", "reports"]);
  });

  it("closes every client even when one fails, then reports the failure", async () => {
    const closed: string[] = [];
    const failing = {
      main: Object.assign(clients.main, { $disconnect: async () => Promise.reject(new Error("boom")) }),
      reports: Object.assign(clients.reports, { $disconnect: async () => void closed.push("reports") }),
    };
    const db = createRoutedClient({ clients: failing, defaultClient: "main" });
    await expect(db.$disconnect()).rejects.toThrow("boom");
    expect(closed).toEqual(["reports"]);
  });
});

describe("readTargets (read replicas)", () => {
  /** Reads of `main` served by a replica stand-in; every decision recorded; the replica can be marked down. */
  function withReplica(options: { replicaFails?: boolean } = {}) {
    const replica = createStandInClient(
      "main-replica",
      ["customer", "order"],
      calls,
      options.replicaFails ? { fail: refused } : {},
    );
    const down: string[] = [];
    const readTargets: ReadTargets = {
      choose: (decision) =>
        decision.client === "main" && isReadOperation(decision.operation) && !decision.model.startsWith("$")
          ? { ...decision, server: "replica:0", serverReason: "replica" }
          : { ...decision, server: "primary", serverReason: "primary:write" },
      client: (decision) => (decision.server === "replica:0" ? replica : undefined),
      unavailable: (decision) => down.push(decision.server ?? ""),
    };
    const trace = recordRoutes();
    const db = createRoutedClient({ clients, defaultClient: "main", readTargets, onRoute: trace.onRoute });
    return { db, trace, down };
  }

  it("serves a read from the server readTargets picks, and says so in the decision", async () => {
    const { db, trace } = withReplica();
    await db.customer.findMany();
    await db.order.create({ data: {} });
    expect(where(calls)).toEqual([
      { client: "main-replica", model: "customer", operation: "findMany" },
      { client: "main", model: "order", operation: "create" },
    ]);
    expect(trace.decisions.map(({ server, serverReason }) => [server, serverReason])).toEqual([
      ["replica:0", "replica"],
      ["primary", "primary:write"],
    ]);
  });

  it("retries a read on the primary when the replica cannot be reached, and reports the replica down", async () => {
    const { db, down } = withReplica({ replicaFails: true });
    // The stand-in replica refuses before recording: only the primary's answer is recorded.
    await expect(db.customer.findMany()).resolves.toEqual({
      client: "main",
      model: "customer",
      operation: "findMany",
    });
    expect(where(calls)).toEqual([{ client: "main", model: "customer", operation: "findMany" }]);
    expect(down).toEqual(["replica:0"]);
  });

  it("runs a batch transaction's reads on the primary, inside the transaction", async () => {
    const { db } = withReplica();
    await db.$transaction([db.customer.findMany(), db.order.create({ data: {} })]);
    expect(where(calls)).toEqual([
      { client: "main", model: "$transaction", operation: "batch" },
      { client: "main", model: "customer", operation: "findMany" },
      { client: "main", model: "order", operation: "create" },
    ]);
  });

  it("marks calls inside an interactive transaction as the transaction's, on the primary", async () => {
    const { db, trace } = withReplica();
    await db.$transaction(async (tx) => tx.customer.findMany(), { client: "main" });
    expect(calls.map(({ client, model, inTransaction }) => [client, model, inTransaction ?? false])).toEqual([
      ["main", "$transaction", false],
      ["main", "customer", true],
    ]);
    expect(trace.decisions.at(-1)).toMatchObject({ server: "primary", serverReason: "primary:transaction" });
  });

  it("$primary() reads from the primary, with reason primary:explicit", async () => {
    const { db, trace } = withReplica();
    await db.$primary().customer.findMany();
    expect(where(calls)).toEqual([{ client: "main", model: "customer", operation: "findMany" }]);
    expect(trace.decisions.at(-1)).toMatchObject({ server: "primary", serverReason: "primary:explicit" });
  });
});

describe("requestState", () => {
  it("is one per outermost runWithRouting, shared by nested ones, and undefined outside", async () => {
    const key = Symbol("test");
    const make = () => ({ count: 0 });
    expect(requestState(key, make)).toBeUndefined();
    const first = await runWithRouting({}, async () => {
      const state = requestState(key, make) as { count: number };
      state.count++;
      await runWithRouting({ tenant: "t" }, async () => {
        (requestState(key, make) as { count: number }).count++;
      });
      return state;
    });
    expect(first.count).toBe(2);
    const second = await runWithRouting({}, async () => requestState(key, make));
    expect(second).toEqual({ count: 0 });
  });
});
