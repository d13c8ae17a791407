import { PrismaClient as AppClient } from "@userbridge/clients/app";
import type { PrismaClient as SharedClient } from "@userbridge/clients/shared";
import { describe, expectTypeOf, it } from "vitest";
import { createDb, type Db, type IdentityModel } from "./index.js";

type SiteDb = Db<AppClient>;

describe("Db<AppClient> types", () => {
  it("types identity delegates exactly as the shared client's, site models as the app client's", () => {
    expectTypeOf<SiteDb["user"]>().toEqualTypeOf<SharedClient["user"]>();
    expectTypeOf<SiteDb["account"]>().toEqualTypeOf<SharedClient["account"]>();
    expectTypeOf<SiteDb["session"]>().toEqualTypeOf<SharedClient["session"]>();
    expectTypeOf<SiteDb["verificationToken"]>().toEqualTypeOf<SharedClient["verificationToken"]>();
    expectTypeOf<SiteDb["authenticator"]>().toEqualTypeOf<SharedClient["authenticator"]>();
    expectTypeOf<SiteDb["loginThrottle"]>().toEqualTypeOf<SharedClient["loginThrottle"]>();
    expectTypeOf<SiteDb["handoffCode"]>().toEqualTypeOf<SharedClient["handoffCode"]>();
    expectTypeOf<SiteDb["post"]>().toEqualTypeOf<AppClient["post"]>();
    expectTypeOf<SiteDb["user"]["fields"]>().toEqualTypeOf<SharedClient["user"]["fields"]>();
  });

  it("is what createDb returns for the app schema's client", () => {
    const make = () => createDb({ appClient: AppClient });
    expectTypeOf<ReturnType<typeof make>>().toEqualTypeOf<SiteDb>();
  });

  it("has no delegate for a model neither client has", () => {
    expectTypeOf<SiteDb>().not.toHaveProperty("comment");
    const readUnknown = (db: SiteDb) =>
      // @ts-expect-error -- no such model
      db.comment;
    expectTypeOf(readUnknown).toBeFunction();
  });

  it("types $pinned(name) as that client's delegates and raw SQL", () => {
    const shared = (db: SiteDb) => db.$pinned("shared");
    const app = (db: SiteDb) => db.$pinned("app");
    expectTypeOf<ReturnType<typeof shared>["user"]>().toEqualTypeOf<SharedClient["user"]>();
    expectTypeOf<ReturnType<typeof shared>["$queryRaw"]>().toEqualTypeOf<SharedClient["$queryRaw"]>();
    expectTypeOf<ReturnType<typeof shared>>().not.toHaveProperty("post");
    expectTypeOf<ReturnType<typeof app>["user"]>().toEqualTypeOf<AppClient["user"]>();
    expectTypeOf<ReturnType<typeof app>["post"]>().toEqualTypeOf<AppClient["post"]>();
    const pinUnknown = (db: SiteDb) =>
      // @ts-expect-error -- not a client
      db.$pinned("blog");
    expectTypeOf(pinUnknown).toBeFunction();
  });

  it("returns the raw clients from $using", () => {
    const shared = (db: SiteDb) => db.$using("shared");
    const app = (db: SiteDb) => db.$using("app");
    expectTypeOf<ReturnType<typeof shared>>().toEqualTypeOf<SharedClient>();
    expectTypeOf<ReturnType<typeof app>>().toEqualTypeOf<AppClient>();
    expectTypeOf<Parameters<SiteDb["$using"]>[0]>().toEqualTypeOf<"shared" | "app">();
  });

  it("accepts delegate and model names in $routeOf, and nothing else", () => {
    expectTypeOf<SiteDb["$routeOf"]>().toBeCallableWith("user");
    expectTypeOf<SiteDb["$routeOf"]>().toBeCallableWith("User", "create");
    expectTypeOf<SiteDb["$routeOf"]>().toBeCallableWith("post");
    expectTypeOf<SiteDb["$routeOf"]>().toBeCallableWith("Post");
    expectTypeOf<ReturnType<SiteDb["$routeOf"]>>().toEqualTypeOf<"shared" | "app">();
    const routeOfUnknown = (db: SiteDb) =>
      // @ts-expect-error -- not a model
      db.$routeOf("comment");
    expectTypeOf(routeOfUnknown).toBeFunction();
  });

  it("gives interactive transactions the same delegates", () => {
    const run = (db: SiteDb) => db.$transaction(async (tx) => [tx.user, tx.post] as const);
    expectTypeOf<Awaited<ReturnType<typeof run>>>().toEqualTypeOf<
      readonly [SharedClient["user"], AppClient["post"]]
    >();
  });
});

describe("bare Db (any site's)", () => {
  it("has the identity delegates only, typed as the shared client's", () => {
    expectTypeOf<Db["user"]>().toEqualTypeOf<SharedClient["user"]>();
    expectTypeOf<Db["session"]>().toEqualTypeOf<SharedClient["session"]>();
    expectTypeOf<Db["handoffCode"]>().toEqualTypeOf<SharedClient["handoffCode"]>();
    expectTypeOf<Db>().not.toHaveProperty("post");
    const routeOfPost = (db: Db) =>
      // @ts-expect-error -- not a model of every site
      db.$routeOf("post");
    expectTypeOf(routeOfPost).toBeFunction();
    type Delegates = {
      [K in keyof Db & string]: K extends `$${string}` ? never : K;
    }[keyof Db & string];
    expectTypeOf<Delegates>().toEqualTypeOf<IdentityModel>();
  });
});
