// Prisma client extensions through createDb({ extend }): a computed field and an auditing query
// extension on both clients. The extended types reach the routed delegates; each extension runs on
// the client its call was routed to, and inside the transaction the call belongs to (rolled back with it).
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createDb, runWithRouting } from "./index.js";

const audit: Array<{ client: string; model: string | undefined; operation: string }> = [];
// The same extension for both: Prisma's $extends is typed per client, so it is built per client.
const auditing = (client: "shared" | "app") => ({
  query: {
    $allModels: {
      async $allOperations({
        model,
        operation,
        args,
        query,
      }: {
        model?: string;
        operation: string;
        args: unknown;
        query: (args: unknown) => Promise<unknown>;
      }) {
        audit.push({ client, model, operation });
        return query(args);
      },
    },
  },
});
const displayName = {
  result: {
    user: {
      displayName: {
        needs: { email: true, name: true },
        compute: (user: { email: string; name: string | null }) => user.name ?? user.email,
      },
    },
  },
} as const;

let shared: TestDatabase;
let app: TestDatabase;
const makeDb = (sharedUrl: string, appUrl: string) =>
  createDb({
    appClient: AppClient,
    sharedDatabaseUrl: sharedUrl,
    appDatabaseUrl: appUrl,
    extend: {
      shared: (client) => client.$extends(auditing("shared")).$extends(displayName),
      // Annotated: TypeScript infers the client type from appClient's generic constructor too late
      // for an unannotated callback here (it would see `object`).
      app: (client: AppClient) => client.$extends(auditing("app")).$extends(displayName),
    },
  });
let db: ReturnType<typeof makeDb>;

beforeAll(async () => {
  [shared, app] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
  ]);
  db = makeDb(shared.url, app.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await Promise.all([shared?.drop(), app?.drop()]);
});

describe("createDb({ extend })", () => {
  it("keeps the extended types on the routed delegates", async () => {
    const user = await runWithRouting({ admin: false }, () =>
      db.user.create({ data: { email: "ext@example.com" } }),
    );
    expectTypeOf(user.displayName).toEqualTypeOf<string>();
    expect(user.displayName).toBe("ext@example.com");
  });

  it("runs each extension on the client the call was routed to", async () => {
    audit.length = 0;
    await runWithRouting({ admin: false }, () => db.user.count());
    await runWithRouting({ admin: true }, () => db.user.count());
    await runWithRouting({ admin: false }, () => db.post.count());
    expect(audit).toEqual([
      { client: "shared", model: "User", operation: "count" },
      { client: "app", model: "User", operation: "count" },
      { client: "app", model: "Post", operation: "count" },
    ]);
  });

  it("keeps an extension's work inside the transaction its call belongs to", async () => {
    audit.length = 0;
    const failed = runWithRouting({ admin: false }, () =>
      db.$transaction(
        async (tx) => {
          const created = await tx.user.create({ data: { email: "rolled-back@example.com", name: "Ro" } });
          expect(created.displayName).toBe("Ro");
          throw new Error("roll back");
        },
        { client: "shared" },
      ),
    );
    await expect(failed).rejects.toThrow("roll back");
    expect(audit).toEqual([{ client: "shared", model: "User", operation: "create" }]);
    // The extension's create ran in the transaction, so it is gone with it.
    expect(await db.$using("shared").user.count({ where: { email: "rolled-back@example.com" } })).toBe(0);
  });
});
