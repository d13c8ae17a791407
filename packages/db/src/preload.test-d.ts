import type { PrismaClient as AppClient } from "@userbridge/clients/app";
import { describe, expectTypeOf, it } from "vitest";
import type { Db } from "./index.js";
import { createPreload, type Preload, preload } from "./preload.js";

declare const db: Db<AppClient>;
const $preload = createPreload(db);
const posts = await db.post.findMany();
const users = await db.user.findMany();
type Post = (typeof posts)[number];
type User = (typeof users)[number];
/** One row of a $preload result. */
type RowOf<Rows extends readonly unknown[]> = Rows[number];

describe("$preload types", () => {
  it("types a belongs-to as the delegate's own result, narrowed by select, or null", async () => {
    const withAuthors = await $preload(posts, {
      author: { model: "user", from: "authorId", select: { id: true, name: true, email: true } },
    });
    expectTypeOf(withAuthors).branded.toEqualTypeOf<
      (Post & { author: { id: string; name: string | null; email: string } | null })[]
    >();
    const oneRows = await $preload(posts, {
      author: { model: "user", from: "authorId", select: { email: true } },
    });
    expectTypeOf<RowOf<typeof oneRows>["author"]>().toEqualTypeOf<{ email: string } | null>();
  });

  it("types every scalar without select, and drops what omit drops", async () => {
    const allRows = await $preload(posts, { author: { model: "user", from: "authorId" } });
    expectTypeOf<RowOf<typeof allRows>["author"]>().toEqualTypeOf<User | null>();
    const omittedRows = await $preload(posts, {
      author: { model: "user", from: "authorId", omit: { passwordHash: true } },
    });
    expectTypeOf<RowOf<typeof omittedRows>["author"]>().toEqualTypeOf<Omit<User, "passwordHash"> | null>();
  });

  it("types has-many as an array, and nested selects as Prisma does", async () => {
    const userRows = await $preload(users, {
      posts: { model: "post", from: "id", to: "authorId", many: true, where: { title: { contains: "a" } } },
      self: { model: "user", from: "id", select: { email: true, accounts: { select: { provider: true } } } },
    });
    expectTypeOf<RowOf<typeof userRows>["posts"]>().toEqualTypeOf<Post[]>();
    expectTypeOf<RowOf<typeof userRows>["self"]>().toEqualTypeOf<{
      email: string;
      accounts: { provider: string }[];
    } | null>();
  });

  it("keeps rows of a narrow select, and replaces a field a relation is named after", async () => {
    const narrow = await db.post.findMany({ select: { authorId: true } });
    const rowRows = await $preload(narrow, {
      authorId: { model: "user", from: "authorId", select: { email: true } },
    });
    expectTypeOf<RowOf<typeof rowRows>>().toEqualTypeOf<{ authorId: { email: string } | null }>();
    expectTypeOf(await $preload(narrow, {})).toEqualTypeOf<typeof narrow>();
  });

  it("types preload(db, rows, relations) and db.$preload alike", async () => {
    expectTypeOf($preload).toEqualTypeOf<Preload<Db<AppClient>>>();
    const postRows = await preload(db, posts, {
      author: { model: "user", from: "authorId", select: { name: true } },
    });
    expectTypeOf<RowOf<typeof postRows>["author"]>().toEqualTypeOf<{ name: string | null } | null>();
  });

  it("refuses unknown models, fields, options and select keys", () => {
    const mistakes = async () => {
      // @ts-expect-error -- no such model
      await $preload(posts, { author: { model: "usr", from: "authorId" } });
      // @ts-expect-error -- the rows have no such field
      await $preload(posts, { author: { model: "user", from: "writerId" } });
      // @ts-expect-error -- a Date cannot match User.id (a string)
      await $preload(posts, { author: { model: "user", from: "createdAt" } });
      // @ts-expect-error -- User has no field "writer"
      await $preload(posts, { author: { model: "user", from: "authorId", to: "writer" } });
      await $preload(posts, {
        // @ts-expect-error -- User has no field "nickname" to select
        author: { model: "user", from: "authorId", select: { id: true, nickname: true } },
      });
      await $preload(users, {
        // @ts-expect-error -- Post has no field "published" to filter on
        posts: { model: "post", from: "id", to: "authorId", many: true, where: { published: true } },
      });
      // @ts-expect-error -- not an option of $preload (use select to load relations of the same database)
      await $preload(posts, { author: { model: "user", from: "authorId", include: { accounts: true } } });
      await $preload(posts, {
        // @ts-expect-error -- Prisma takes select or omit, not both
        author: { model: "user", from: "authorId", select: { id: true }, omit: { email: true } },
      });
      // @ts-expect-error -- VerificationToken has no id: name the field to match
      await $preload(users, { tokens: { model: "verificationToken", from: "email", many: true } });
    };
    expectTypeOf(mistakes).toBeFunction();
  });
});
