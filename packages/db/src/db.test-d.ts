import type { PrismaClient as AppClient } from "@userbridge/db-app";
import type { PrismaClient as SharedClient } from "@userbridge/db-shared";
import { describe, expectTypeOf, it } from "vitest";
import type { Db } from "./index.js";

describe("Db types", () => {
  it("types identity delegates exactly as the shared client's, site models as the app client's", () => {
    expectTypeOf<Db["user"]>().toEqualTypeOf<SharedClient["user"]>();
    expectTypeOf<Db["session"]>().toEqualTypeOf<SharedClient["session"]>();
    expectTypeOf<Db["verificationToken"]>().toEqualTypeOf<SharedClient["verificationToken"]>();
    expectTypeOf<Db["post"]>().toEqualTypeOf<AppClient["post"]>();
  });

  it("has no delegate for a model neither client has", () => {
    expectTypeOf<Db>().not.toHaveProperty("comment");
    const readUnknown = (db: Db) =>
      // @ts-expect-error -- no such model
      db.comment;
    expectTypeOf(readUnknown).toBeFunction();
  });

  it("returns the raw clients from $using", () => {
    expectTypeOf<ReturnType<Db["$using"]>>().toEqualTypeOf<SharedClient | AppClient>();
    expectTypeOf<Parameters<Db["$using"]>[0]>().toEqualTypeOf<"shared" | "app">();
  });

  it("accepts delegate and model names in $routeOf, and nothing else", () => {
    expectTypeOf<Db["$routeOf"]>().toBeCallableWith("user");
    expectTypeOf<Db["$routeOf"]>().toBeCallableWith("User", "create");
    expectTypeOf<Db["$routeOf"]>().toBeCallableWith("post");
    const routeOfUnknown = (db: Db) =>
      // @ts-expect-error -- not a model
      db.$routeOf("comment");
    expectTypeOf(routeOfUnknown).toBeFunction();
  });
});
