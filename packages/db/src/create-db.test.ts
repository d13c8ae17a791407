// createDb without a database: a stand-in site client (in memory) and URLs nothing connects to, for
// what is decided before any query: the check of the site's schema, and the order of the routers.
import { describe, expect, it } from "vitest";
import { type Call, createStandInClient } from "../../router/test/stand-in-client.ts";
import {
  createDb,
  IDENTITY_MODELS,
  type PrismaClientClass,
  recordRoutes,
  runWithRouting,
  UnknownModelError,
  USERBRIDGE_ERROR_CODES,
} from "./index.js";

const NOWHERE = {
  sharedDatabaseUrl: "postgresql://nobody@127.0.0.1:1/identity",
  appDatabaseUrl: "postgresql://nobody@127.0.0.1:1/site",
};

/** A "generated client class" whose instances are one in-memory stand-in with `models`. */
function standInClass<const Model extends string>(models: readonly Model[], calls: Call[]) {
  const client = createStandInClient("app", models, calls);
  function StandInPrismaClient() {
    return client;
  }
  return StandInPrismaClient as unknown as PrismaClientClass<typeof client>;
}

describe("createDb({ appClient })", () => {
  it.each(IDENTITY_MODELS)("refuses a site client whose schema lacks the identity model %s", (missing) => {
    const models = [...IDENTITY_MODELS.filter((model) => model !== missing), "post"];
    expect(() => createDb({ appClient: standInClass(models, []), ...NOWHERE }, {})).toThrow(
      UnknownModelError,
    );
    expect(() => createDb({ appClient: standInClass(models, []), ...NOWHERE }, {})).toThrow(
      expect.objectContaining({
        code: USERBRIDGE_ERROR_CODES.UNKNOWN_MODEL,
        message: expect.stringContaining(`the "app" client has no model "${missing}"`),
      }),
    );
  });

  it("routes the identity models to shared, the admin and the site's models to the site client", async () => {
    const calls: Call[] = [];
    const trace = recordRoutes();
    const db = createDb(
      { appClient: standInClass([...IDENTITY_MODELS, "post"], calls), ...NOWHERE, onRoute: trace.onRoute },
      {},
    );
    try {
      expect(db.$routeOf("user")).toBe("shared");
      expect(db.$routeOf("HandoffCode", "create")).toBe("shared");
      expect(db.$routeOf("post")).toBe("app");
      expect(runWithRouting({ admin: true }, () => db.$routeOf("user", "delete"))).toBe("app");
      // Calls the site client takes reach the stand-in; nothing here touches a database.
      await db.post.count();
      await runWithRouting({ admin: true }, () => db.session.create({} as never));
      await runWithRouting({ admin: true }, () => db.$transaction(async (tx) => tx.user.findMany()));
      expect(calls.map(({ client, model, operation }) => `${client} ${model}.${operation}`)).toEqual([
        "app post.count",
        "app session.create",
        "app $transaction.interactive",
        "app user.findMany",
      ]);
      expect(trace.decisions.map(({ reason }) => reason)).toEqual(["default", "admin", "admin", "admin"]);
    } finally {
      await db.$disconnect();
    }
  });

  it("tries the config's routers before the identity router", () => {
    const db = createDb(
      {
        appClient: standInClass([...IDENTITY_MODELS, "post"], []),
        ...NOWHERE,
        routers: [
          { name: "sessions-local", dbForRead: (model) => (model === "session" ? "app" : undefined) },
          { dbForWrite: (_model, ctx) => (ctx?.admin === true ? "shared" : undefined) },
        ],
      },
      {},
    );
    expect(db.$routeOf("session")).toBe("app");
    expect(db.$routeOf("session", "create")).toBe("shared");
    expect(db.$routeOf("user")).toBe("shared");
    expect(runWithRouting({ admin: true }, () => db.$routeOf("user", "update"))).toBe("shared");
    expect(runWithRouting({ admin: true }, () => db.$routeOf("user"))).toBe("app");
  });

  it("reads the database URLs from the environment it is given", () => {
    expect(() => createDb({ appClient: standInClass([...IDENTITY_MODELS], []) }, {})).toThrow(
      /SHARED_DATABASE_URL is not set[\s\S]*APP_DATABASE_URL is not set/,
    );
    expect(() =>
      createDb(
        { appClient: standInClass([...IDENTITY_MODELS], []) },
        { SHARED_DATABASE_URL: NOWHERE.sharedDatabaseUrl, APP_DATABASE_URL: NOWHERE.appDatabaseUrl },
      ),
    ).not.toThrow();
  });
});
