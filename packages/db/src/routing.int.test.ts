// Routing observed on real PostgreSQL: after each call, the row is in the database it should be in.
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { describe, expect, it } from "vitest";
import { useSiteDb } from "../test/site-db.ts";
import {
  CrossDatabaseTransactionError,
  createDb,
  DatabaseUnavailableError,
  recordRoutes,
  runWithRouting,
} from "./index.js";

const trace = recordRoutes();
const site = useSiteDb({ onRoute: trace.onRoute });

/** Where a user row with this email exists, read through the raw clients. */
async function whereIsUser(email: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of ["shared", "app"] as const) {
    if (await site.db.$pinned(name).user.findUnique({ where: { email } })) found.push(name);
  }
  return found;
}

describe("createDb routing on PostgreSQL", () => {
  it("writes a site user to the shared database outside the admin", async () => {
    await runWithRouting({ admin: false }, () =>
      site.db.user.create({ data: { email: "site@example.test" } }),
    );
    expect(await whereIsUser("site@example.test")).toEqual(["shared"]);
  });

  it("writes an admin user to the site's own database under the admin", async () => {
    await runWithRouting({ admin: true }, () =>
      site.db.user.create({ data: { email: "admin@example.test" } }),
    );
    expect(await whereIsUser("admin@example.test")).toEqual(["app"]);
    expect(await runWithRouting({ admin: true }, () => site.db.user.count())).toBe(1);
  });

  it("treats a call outside any context as non-admin", async () => {
    await site.db.user.create({ data: { email: "no-context@example.test" } });
    expect(await whereIsUser("no-context@example.test")).toEqual(["shared"]);
  });

  it("keeps site models on the site's database in and out of the admin", async () => {
    await site.db.post.create({ data: { title: "hello", authorId: "someone" } });
    await runWithRouting({ admin: true }, () =>
      site.db.post.create({ data: { title: "from admin", authorId: "x" } }),
    );
    expect(await site.db.$using("app").post.count()).toBe(2);
    expect(trace.calls().filter((call) => call.model === "post")).toEqual([
      { client: "app", model: "post", operation: "create" },
      { client: "app", model: "post", operation: "create" },
    ]);
  });

  it("returns Prisma's results and errors unchanged", async () => {
    const user = await site.db.user.findUniqueOrThrow({
      where: { email: "site@example.test" },
      select: { email: true },
    });
    expect(user).toEqual({ email: "site@example.test" });
    await expect(site.db.user.create({ data: { email: "site@example.test" } })).rejects.toMatchObject({
      code: "P2002",
    });
  });
});

describe("$pinned and fields on PostgreSQL", () => {
  it("$pinned(name) writes to that database whatever the context, traced as pinned", async () => {
    trace.clear();
    await runWithRouting({ admin: true }, () =>
      site.db.$pinned("shared").user.create({ data: { email: "pinned-shared@example.test" } }),
    );
    await site.db.$pinned("app").user.create({ data: { email: "pinned-app@example.test" } });
    expect(await whereIsUser("pinned-shared@example.test")).toEqual(["shared"]);
    expect(await whereIsUser("pinned-app@example.test")).toEqual(["app"]);
    expect(trace.decisions.slice(0, 2)).toEqual([
      { model: "user", operation: "create", client: "shared", reason: "pinned" },
      { model: "user", operation: "create", client: "app", reason: "pinned" },
    ]);
  });

  it("$pinned(name) runs raw SQL on that database", async () => {
    const [shared] = await site.db.$pinned("shared").$queryRaw<
      { db: string }[]
    >`SELECT current_database() AS db`;
    const [app] = await runWithRouting(
      { admin: false },
      () => site.db.$pinned("app").$queryRaw<{ db: string }[]>`SELECT current_database() AS db`,
    );
    expect([shared?.db, app?.db]).toEqual([site.shared.name, site.app.name]);
    const [facade] = await site.db.$queryRaw<{ db: string }[]>`SELECT current_database() AS db`;
    expect(facade?.db).toBe(site.app.name);
  });

  it("forwards Prisma's field references (`fields`), usable in a query", async () => {
    expect(site.db.user.fields.email.name).toBe("email");
    expect(site.db.post.fields.title.modelName).toBe("Post");
    await site.db.user.create({ data: { email: "same@example.test", name: "same@example.test" } });
    const same = await site.db.user.findMany({
      where: { name: { equals: site.db.user.fields.email } },
      select: { email: true },
    });
    expect(same).toEqual([{ email: "same@example.test" }]);
  });
});

describe("transactions on PostgreSQL", () => {
  it("commits a batch on the database it routes to", async () => {
    const [user] = await site.db.$transaction([
      site.db.user.create({ data: { email: "batch@example.test" } }),
      site.db.user.count(),
    ]);
    expect(user.email).toBe("batch@example.test");
    expect(await whereIsUser("batch@example.test")).toEqual(["shared"]);
  });

  it("refuses a batch spanning both databases and leaves no row behind", async () => {
    const attempt = site.db.$transaction([
      site.db.user.create({ data: { email: "split@example.test" } }),
      site.db.post.create({ data: { title: "split", authorId: "x" } }),
    ]);
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    expect(await whereIsUser("split@example.test")).toEqual([]);
    expect(await site.db.$using("app").post.count({ where: { title: "split" } })).toBe(0);
  });

  it("rolls back an interactive transaction that reaches for the other database", async () => {
    const attempt = site.db.$transaction(
      async (tx) => {
        await tx.user.create({ data: { email: "interactive@example.test" } });
        await tx.post.create({ data: { title: "interactive", authorId: "x" } });
      },
      { client: "shared" },
    );
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    expect(await whereIsUser("interactive@example.test")).toEqual([]);
  });

  it("runs an interactive transaction in the admin on the site's database, identity models included", async () => {
    trace.clear();
    await runWithRouting({ admin: true }, () =>
      site.db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: "admin-tx@example.test" } });
        await tx.post.create({ data: { title: "admin-tx", authorId: user.id } });
      }),
    );
    expect(await whereIsUser("admin-tx@example.test")).toEqual(["app"]);
    expect(await site.db.$pinned("app").post.count({ where: { title: "admin-tx" } })).toBe(1);
    expect(trace.decisions[0]).toMatchObject({ model: "$transaction", client: "app", reason: "admin" });
  });

  it("runs an interactive transaction outside the admin on the site's database, refusing identity models", async () => {
    await site.db.$transaction(async (tx) => tx.post.create({ data: { title: "site-tx", authorId: "x" } }));
    expect(await site.db.$pinned("app").post.count({ where: { title: "site-tx" } })).toBe(1);
    const attempt = runWithRouting({ admin: false }, () =>
      site.db.$transaction(async (tx) => {
        await tx.post.create({ data: { title: "site-tx-refused", authorId: "x" } });
        await tx.user.create({ data: { email: "site-tx@example.test" } });
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    expect(await site.db.$pinned("app").post.count({ where: { title: "site-tx-refused" } })).toBe(0);
    expect(await whereIsUser("site-tx@example.test")).toEqual([]);
  });

  it("commits an interactive transaction on one database", async () => {
    const session = await site.db.$transaction(
      async (tx) => {
        const user = await tx.user.create({ data: { email: "tx@example.test" } });
        return tx.session.create({
          data: { userId: user.id, sessionToken: "hash-tx", expires: new Date(Date.now() + 60_000) },
        });
      },
      { client: "shared" },
    );
    expect(await site.db.$pinned("shared").session.findUnique({ where: { id: session.id } })).not.toBeNull();
  });
});

describe("an unreachable database", () => {
  it("fails calls routed to it with DatabaseUnavailableError naming it, quickly, while the other keeps working", async () => {
    const broken = createDb({
      appClient: AppClient,
      sharedDatabaseUrl: site.shared.url,
      appDatabaseUrl: "postgresql://postgres@127.0.0.1:1/nowhere",
      pool: { connectionTimeoutMillis: 2_000 },
    });
    try {
      const started = performance.now();
      const error = await broken.post.findMany().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error).toMatchObject({ database: "app" });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await broken.user.count()).toBeGreaterThan(0);
      await expect(broken.$pinned("app").post.count()).rejects.toMatchObject({
        code: "USERBRIDGE_DATABASE_UNAVAILABLE",
        database: "app",
      });
    } finally {
      await broken.$disconnect();
    }
  });
});
