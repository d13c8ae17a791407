// The facade's types on stand-in clients whose delegates are typed per client: each model takes the
// delegate type of the client `modelClients` names, else the default client's.
import { describe, expectTypeOf, it } from "vitest";
import type { StandInClient, StandInDelegate } from "../test/stand-in-client.js";
import { createRoutedClient } from "./routed-client.js";

type Clients = {
  main: StandInClient<"main", "customer" | "order">;
  reports: StandInClient<"reports", "customer" | "order" | "invoice">;
};
declare const clients: Clients;

const withInvoices = () =>
  createRoutedClient({ clients, defaultClient: "main", modelClients: { invoice: "reports" } });
const plain = () => createRoutedClient({ clients, defaultClient: "main" });
const reportsCustomers = () =>
  createRoutedClient({ clients, defaultClient: "main", modelClients: { customer: "reports" } });
type Db = ReturnType<typeof withInvoices>;
type PlainDb = ReturnType<typeof plain>;

describe("routed client types", () => {
  it("types a model as the default client's delegate unless modelClients names another", () => {
    expectTypeOf<Db["order"]>().toEqualTypeOf<StandInDelegate<"main", "order">>();
    expectTypeOf<Db["invoice"]>().toEqualTypeOf<StandInDelegate<"reports", "invoice">>();
    expectTypeOf<Db["invoice"]["fields"]>().toEqualTypeOf<Clients["reports"]["invoice"]["fields"]>();
    expectTypeOf<ReturnType<typeof reportsCustomers>["customer"]>().toEqualTypeOf<
      StandInDelegate<"reports", "customer">
    >();
  });

  it("has no delegate for a model the default client lacks and modelClients does not list", () => {
    expectTypeOf<PlainDb>().not.toHaveProperty("invoice");
    expectTypeOf<Db>().not.toHaveProperty("comment");
    const readUnknown = (db: Db) =>
      // @ts-expect-error -- no such model
      db.comment;
    expectTypeOf(readUnknown).toBeFunction();
  });

  it("types $pinned(name) as that client's delegates and raw SQL", () => {
    expectTypeOf<ReturnType<Db["$pinned"]>>().toHaveProperty("customer");
    const pinned = (db: Db) => db.$pinned("reports");
    expectTypeOf<ReturnType<typeof pinned>["invoice"]>().toEqualTypeOf<Clients["reports"]["invoice"]>();
    expectTypeOf<ReturnType<typeof pinned>["$queryRaw"]>().toEqualTypeOf<Clients["reports"]["$queryRaw"]>();
    const pinnedMain = (db: Db) => db.$pinned("main");
    expectTypeOf<ReturnType<typeof pinnedMain>>().not.toHaveProperty("invoice");
    const pinUnknown = (db: Db) =>
      // @ts-expect-error -- not a client
      db.$pinned("archive");
    expectTypeOf(pinUnknown).toBeFunction();
  });

  it("takes client names only, and model names of the facade in $routeOf", () => {
    expectTypeOf<Parameters<Db["$using"]>[0]>().toEqualTypeOf<"main" | "reports">();
    expectTypeOf<ReturnType<Db["$routeOf"]>>().toEqualTypeOf<"main" | "reports">();
    expectTypeOf<Db["$routeOf"]>().toBeCallableWith("invoice");
    expectTypeOf<Db["$routeOf"]>().toBeCallableWith("Invoice", "create");
    expectTypeOf<PlainDb["$routeOf"]>().toBeCallableWith("order");
    const routeOfUnknown = (db: PlainDb) =>
      // @ts-expect-error -- not a model of the facade
      db.$routeOf("invoice");
    expectTypeOf(routeOfUnknown).toBeFunction();
  });

  it("refuses a router, default client or modelClients entry naming no client", () => {
    const badRouter = () =>
      createRoutedClient({
        clients,
        defaultClient: "main",
        // @ts-expect-error -- "archive" is not a client
        routers: [{ dbForRead: () => "archive" as const }],
      });
    const badDefault = () =>
      // @ts-expect-error -- "archive" is not a client
      createRoutedClient({ clients, defaultClient: "archive" });
    const badListing = () =>
      createRoutedClient({
        clients,
        defaultClient: "main",
        // @ts-expect-error -- "archive" is not a client
        modelClients: { invoice: "archive" },
      });
    expectTypeOf([badRouter, badDefault, badListing]).toBeArray();
  });

  it("gives the interactive transaction the facade's delegates", () => {
    const run = (db: Db) => db.$transaction(async (tx) => tx.invoice);
    expectTypeOf<Awaited<ReturnType<typeof run>>>().toEqualTypeOf<StandInDelegate<"reports", "invoice">>();
  });
});
