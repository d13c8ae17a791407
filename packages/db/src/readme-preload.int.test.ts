// The README's `// latest-posts.ts` block, as written, with its `// db.ts`, on real databases: authors
// come from the identity database and posts from the site's, one query per relation.
import type { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeBlock, type SnippetProject, snippetProject } from "../test/readme-snippets.ts";
import { type Db, runWithRouting } from "./index.ts";

interface LatestPosts {
  latestPosts(): Promise<Array<{ title: string; author: { email: string; name: string | null } | null }>>;
  usersWithPosts(): Promise<Array<{ email: string; posts: Array<{ title: string }> }>>;
}

const databases: TestDatabase[] = [];
let project: SnippetProject;
let db: Db<AppClient>;
let snippets: LatestPosts;

beforeAll(async () => {
  const [shared, app] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
  ]);
  databases.push(shared, app);
  process.env.SHARED_DATABASE_URL = shared.url;
  process.env.APP_DATABASE_URL = app.url;
  process.env.SESSION_PASSWORD = "readme-test-password-at-least-32-characters";
  project = await snippetProject(
    { "db.ts": await readmeBlock("// db.ts"), "latest-posts.ts": await readmeBlock("// latest-posts.ts") },
    {
      "@userbridge/clients": "packages/clients",
      "@userbridge/db": "packages/db",
      "@userbridge/session": "packages/session",
    },
  );
  db = (await project.load<{ db: Db<AppClient> }>("db.ts")).db;
  snippets = await project.load<LatestPosts>("latest-posts.ts");
  const ada = await db.$pinned("shared").user.create({ data: { email: "ada@example.test", name: "Ada" } });
  const alan = await db.$pinned("shared").user.create({ data: { email: "alan@example.test", name: "Alan" } });
  for (const [title, authorId] of [
    ["Notes", ada.id],
    ["Engines", ada.id],
    ["Machines", alan.id],
  ] as const) {
    await db.$pinned("app").post.create({ data: { title, authorId } });
  }
});

afterAll(async () => {
  await db?.$disconnect();
  await project?.remove();
  await Promise.all(databases.map((database) => database.drop()));
});

describe("README: related rows across databases", () => {
  it("loads each post's author from the identity database in one query", async () => {
    const posts = await runWithRouting({ admin: false }, () => snippets.latestPosts());
    expect(posts.map(({ title, author }) => [title, author?.email]).sort()).toEqual([
      ["Engines", "ada@example.test"],
      ["Machines", "alan@example.test"],
      ["Notes", "ada@example.test"],
    ]);
    expect(posts[0]?.author).not.toHaveProperty("passwordHash");
  });

  it("loads the other direction, users with their posts", async () => {
    const users = await runWithRouting({ admin: false }, () => snippets.usersWithPosts());
    const byEmail = Object.fromEntries(
      users.map((user) => [user.email, user.posts.map((post) => post.title)]),
    );
    expect(byEmail).toEqual({ "ada@example.test": ["Engines", "Notes"], "alan@example.test": ["Machines"] });
  });
});
