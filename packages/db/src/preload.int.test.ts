// $preload on real PostgreSQL: posts (the site's database) with their authors (the identity
// database) and users with their posts, each relation ONE statement, counted on the wire between
// the client and each server: the test fails if a relation costs a query per row.
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useSiteDb } from "../test/site-db.ts";
import { type StatementCounter, statementCounter } from "../test/statement-counter.ts";
import {
  CrossDatabaseTransactionError,
  createDb,
  type Db,
  InvalidConfigError,
  recordRoutes,
  runWithRouting,
  USERBRIDGE_ERROR_CODES,
} from "./index.js";
import { createPreload, preload } from "./preload.js";

const trace = recordRoutes();
const site = useSiteDb(); // seeds and checks, on connections of its own
let wire: { shared: StatementCounter; app: StatementCounter };
/** The client under test: every statement it sends passes a counter. */
let db: Db<AppClient>;
let $preload: ReturnType<typeof createPreload<Db<AppClient>>>;

const users = [
  { id: "alice", email: "alice@example.test", name: "Alice" },
  { id: "bob", email: "bob@example.test", name: "Bob" },
  { id: "carol", email: "carol@example.test", name: null },
];
const posts = [
  { id: "p1", title: "first", authorId: "alice", createdAt: new Date("2026-01-01") },
  { id: "p2", title: "second", authorId: "bob", createdAt: new Date("2026-01-02") },
  { id: "p3", title: "third", authorId: "alice", createdAt: new Date("2026-01-03") },
  { id: "p4", title: "by nobody", authorId: "ghost", createdAt: new Date("2026-01-04") },
];

beforeAll(async () => {
  wire = { shared: await statementCounter(site.shared.url), app: await statementCounter(site.app.url) };
  db = createDb({
    appClient: AppClient,
    sharedDatabaseUrl: wire.shared.url,
    appDatabaseUrl: wire.app.url,
    onRoute: trace.onRoute,
  });
  $preload = createPreload(db);
  await site.db.$using("shared").user.createMany({ data: users });
  await site.db.$using("app").post.createMany({ data: posts });
  // The admin's own users (the site's tables): same id as a shared user, other name.
  await site.db
    .$using("app")
    .user.createMany({ data: [{ id: "alice", email: "alice@site.test", name: "Site Alice" }] });
});

afterAll(async () => {
  await db?.$disconnect();
  await Promise.all([wire?.shared.close(), wire?.app.close()]);
});

beforeEach(() => {
  wire.shared.clear();
  wire.app.clear();
  trace.clear();
});

/** Statements each database received since the test began. */
const sent = () => ({ shared: [...wire.shared.statements], app: [...wire.app.statements] });

describe("$preload", () => {
  it("counts what it should: a query per row is N statements on the wire", async () => {
    for (const id of ["alice", "bob", "carol"]) await db.user.findUnique({ where: { id } });
    expect(sent().shared).toHaveLength(3);
    expect(sent().app).toEqual([]);
  });

  it("loads every post's author with ONE statement on the identity database", async () => {
    const rows = await site.db.post.findMany({ orderBy: { createdAt: "asc" } });
    const withAuthors = await $preload(rows, {
      author: { model: "user", from: "authorId", select: { id: true, name: true, email: true } },
    });

    expect(withAuthors.map((post) => [post.id, post.author])).toEqual([
      ["p1", { id: "alice", name: "Alice", email: "alice@example.test" }],
      ["p2", { id: "bob", name: "Bob", email: "bob@example.test" }],
      ["p3", { id: "alice", name: "Alice", email: "alice@example.test" }],
      ["p4", null], // no such user
    ]);
    const { shared, app } = sent();
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatch(
      /^SELECT .* FROM "public"\."User" WHERE "public"\."User"\."id" IN \(\$1,\$2,\$3\)/,
    );
    expect(app).toEqual([]);
    expect(trace.calls()).toEqual([{ client: "shared", model: "user", operation: "findMany" }]);
  });

  it("returns new rows in their order and leaves the given ones alone", async () => {
    const rows = await site.db.post.findMany({ orderBy: { createdAt: "desc" } });
    const before = structuredClone(rows);
    const withAuthors = await $preload(rows, { author: { model: "user", from: "authorId" } });
    expect(rows).toEqual(before);
    expect(withAuthors.map((post) => post.id)).toEqual(["p4", "p3", "p2", "p1"]);
    expect(withAuthors[0]).not.toBe(rows[0]);
    expect(withAuthors[1]).toMatchObject({ ...rows[1], author: { id: "alice", passwordHash: null } });
  });

  it("loads has-many the other way: every user's posts, ONE statement on the site's database", async () => {
    const rows = await site.db.$using("shared").user.findMany({ orderBy: { email: "asc" } });
    const withPosts = await $preload(rows, {
      posts: { model: "post", from: "id", to: "authorId", many: true, orderBy: { createdAt: "desc" } },
    });
    expect(withPosts.map((user) => [user.id, user.posts.map((post) => post.title)])).toEqual([
      ["alice", ["third", "first"]],
      ["bob", ["second"]],
      ["carol", []],
    ]);
    expect(sent()).toEqual({ shared: [], app: [expect.stringMatching(/FROM "public"\."Post"/)] });
  });

  it("ANDs a has-many's where with the key filter", async () => {
    const rows = await site.db.$using("shared").user.findMany({ orderBy: { email: "asc" } });
    const withPosts = await $preload(rows, {
      posts: { model: "post", from: "id", to: "authorId", many: true, where: { title: { startsWith: "f" } } },
    });
    expect(withPosts.map((user) => user.posts.map((post) => post.id))).toEqual([["p1"], [], []]);
    expect(sent().app).toHaveLength(1);
  });

  it("loads several relations at once, one statement each, each on its own database", async () => {
    const rows = await site.db.post.findMany();
    await $preload(rows, {
      author: { model: "user", from: "authorId" },
      authorSessions: { model: "session", from: "authorId", to: "userId", many: true },
      sameAuthor: { model: "post", from: "authorId", to: "authorId", many: true },
    });
    const { shared, app } = sent();
    expect(shared).toHaveLength(2);
    expect(shared.some((sql) => sql.includes('FROM "public"."User"'))).toBe(true);
    expect(shared.some((sql) => sql.includes('FROM "public"."Session"'))).toBe(true);
    expect(app).toHaveLength(1);
  });

  it("reads identity rows from the site's own tables under the admin", async () => {
    const rows = await site.db.post.findMany({ where: { id: { in: ["p1", "p2"] } }, orderBy: { id: "asc" } });
    const withAuthors = await runWithRouting({ admin: true }, () =>
      $preload(rows, { author: { model: "user", from: "authorId", select: { name: true } } }),
    );
    expect(withAuthors.map((post) => post.author)).toEqual([{ name: "Site Alice" }, null]);
    expect(sent()).toEqual({ shared: [], app: [expect.stringMatching(/FROM "public"\."User"/)] });
    expect(trace.calls()).toEqual([{ client: "app", model: "user", operation: "findMany" }]);
  });

  it("runs inside an interactive transaction on its database, and refuses a relation on the other", async () => {
    const rows = await site.db.post.findMany({ where: { id: "p1" } });
    const [inTransaction] = await db.$transaction(
      (tx) =>
        createPreload(tx)(rows, {
          sameAuthor: { model: "post", from: "authorId", to: "authorId", many: true },
        }),
      { client: "app" },
    );
    expect(inTransaction?.sameAuthor.map((post) => post.id).sort()).toEqual(["p1", "p3"]);
    await expect(
      db.$transaction((tx) => createPreload(tx)(rows, { author: { model: "user", from: "authorId" } }), {
        client: "app",
      }),
    ).rejects.toBeInstanceOf(CrossDatabaseTransactionError);
    expect(sent().shared).toEqual([]);
  });

  it("sends no query for no rows, or for rows without keys", async () => {
    expect(await $preload([], { author: { model: "user", from: "authorId" } })).toEqual([]);
    const keyless = [{ authorId: null }, { authorId: undefined }];
    expect(
      await $preload(keyless, {
        author: { model: "user", from: "authorId" },
        posts: { model: "post", from: "authorId", to: "authorId", many: true },
      }),
    ).toEqual([
      { authorId: null, author: null, posts: [] },
      { authorId: undefined, author: null, posts: [] },
    ]);
    expect(sent()).toEqual({ shared: [], app: [] });
    expect(trace.calls()).toEqual([]);
  });

  it("gives null keys null or [], and asks for each distinct key once", async () => {
    const findManyArgs: unknown[] = [];
    const spied = {
      user: {
        findMany: (args: Parameters<Db<AppClient>["user"]["findMany"]>[0]) => {
          findManyArgs.push(args);
          return db.user.findMany(args);
        },
      },
    } as unknown as Db<AppClient>;
    const rows = [
      { authorId: "bob" },
      { authorId: null },
      { authorId: "alice" },
      { authorId: "bob" },
      { authorId: "alice" },
    ];
    const withAuthors = await createPreload(spied)(rows, {
      author: { model: "user", from: "authorId", select: { email: true } },
    });
    expect(withAuthors.map((row) => row.author?.email ?? null)).toEqual([
      "bob@example.test",
      null,
      "alice@example.test",
      "bob@example.test",
      "alice@example.test",
    ]);
    expect(findManyArgs).toEqual([
      { select: { email: true, id: true }, where: { id: { in: ["bob", "alice"] } } },
    ]);
    expect(sent().shared).toHaveLength(1);
  });

  it("matches on `to` without returning it when the select or omit leaves it out", async () => {
    const rows = await site.db.post.findMany({ where: { id: "p1" } });
    const [selected] = await $preload(rows, {
      author: { model: "user", from: "authorId", select: { email: true } },
    });
    expect(selected?.author).toEqual({ email: "alice@example.test" });
    const [omitted] = await $preload(rows, {
      author: { model: "user", from: "authorId", omit: { id: true, passwordHash: true } },
    });
    expect(omitted?.author).not.toHaveProperty("id");
    expect(omitted?.author).toMatchObject({ email: "alice@example.test", name: "Alice" });
  });

  it("refuses an unknown model or a row without its key field, naming each, before any query", async () => {
    const rows = await site.db.post.findMany({ select: { id: true, title: true } });
    const refused = await (preload as (...args: unknown[]) => Promise<unknown>)(db, rows, {
      author: { model: "authorz", from: "authorId" },
      writer: { model: "user", from: "authorId" },
      other: { model: "user", from: "id", include: { accounts: true } },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidConfigError);
    expect(refused).toMatchObject({
      code: USERBRIDGE_ERROR_CODES.INVALID_CONFIG,
      issues: [
        'author: no model "authorz" on this client (name a model delegate, e.g. "user")',
        'author: row 0 has no field "authorId" (select it when you load the rows)',
        'writer: row 0 has no field "authorId" (select it when you load the rows)',
        'other: unknown option "include"',
      ],
    });
    expect(sent()).toEqual({ shared: [], app: [] });
  });

  it("loads 70,000 distinct keys: Prisma splits the IN list past PostgreSQL's bind limit", async () => {
    const count = 70_000;
    await site.db.$using("shared")
      .$executeRaw`INSERT INTO "User" (id, email, "updatedAt") SELECT 'u' || n, 'u' || n || '@bulk.test', now() FROM generate_series(1, ${count}::int) AS n`;
    const rows = Array.from({ length: count }, (_, index) => ({ authorId: `u${count - index}` }));
    const started = performance.now();
    const withAuthors = await $preload(rows, {
      author: { model: "user", from: "authorId", select: { email: true } },
    });
    const ms = Math.round(performance.now() - started);

    expect(withAuthors).toHaveLength(count);
    expect(withAuthors.every((row) => row.author?.email === `${row.authorId}@bulk.test`)).toBe(true);
    // One findMany; on the wire, Prisma's own split: ceil(70,000 / 32,766) SELECTs in a transaction.
    expect(trace.calls()).toEqual([{ client: "shared", model: "user", operation: "findMany" }]);
    const { shared } = sent();
    expect(shared.filter((sql) => sql.startsWith("SELECT"))).toHaveLength(Math.ceil(count / 32_766));
    expect(shared.filter((sql) => !sql.startsWith("SELECT"))).toEqual(["BEGIN", "COMMIT"]);
    console.info(`userbridge: $preload of ${count} distinct keys: ${shared.length} statements, ${ms} ms`);
  });
});
