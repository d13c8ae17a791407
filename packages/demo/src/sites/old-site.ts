// The old site: its own schema `app` (prisma/app, with Post), and its posts page. Posts are rows of its
// own database; their authors are users of the identity database, fetched with one query per page
// (db.$preload).
import { PrismaClient } from "@userbridge/clients/app";
import { createDb, type Db } from "@userbridge/db";
import { z } from "zod";
import { readBody } from "../http/body.js";
import { formOrJson, sendHtml } from "../http/respond.js";
import { postsPage } from "../pages/posts.js";
import type { PageRenderer, SiteDbOptions, SiteDefinition } from "./definition.js";
import { parseInput, title } from "./input.js";
import { pageContext, requireUser, USER_NAME } from "./page-context.js";

/** The site's routed client: `db.user` (identity), and its own models from its own generated client. */
export type OldSiteDb = Db<PrismaClient>;

function createOldSiteDb(options: SiteDbOptions): OldSiteDb {
  // {}: the demo passes every setting; nothing is read from process.env.
  return createDb({ appClient: PrismaClient, ...options }, {});
}

/** How many posts the page lists, newest first. */
export const POSTS_SHOWN = 20;

const POST_INPUT = z.object({
  title,
  body: z
    .string()
    .trim()
    .max(2_000, "is too long")
    .optional()
    .transform((text) => text || null),
});

const POST_FIELDS = { id: true, title: true, body: true, authorId: true } as const;

/** `GET /posts` (and the page a failed post form is shown on). */
const renderPosts: PageRenderer<OldSiteDb> = async (site, req, res, status = 200, notice) => {
  const user = await site.auth.users.getUser(req, res);
  const posts = await site.db.post.findMany({
    orderBy: { createdAt: "desc" },
    take: POSTS_SHOWN,
    select: POST_FIELDS,
  });
  // One `user.findMany ... IN (authorIds)`: outside /admin, on the identity database (routed-model).
  const shown = await site.db.$preload(posts, {
    author: { model: "user", from: "authorId", select: USER_NAME },
  });
  sendHtml(res, status, postsPage(pageContext(site, req, notice), user, shown));
};

export const OLD_SITE: SiteDefinition<OldSiteDb> = {
  name: "old",
  createDb: createOldSiteDb,
  nav: [{ path: "/posts", label: "posts" }],
  routes: {
    "/posts": {
      page: renderPosts,
      GET: (site, req, res) => renderPosts(site, req, res),
      /** A post by the logged-in user: `{ title, body? }`; 201 `{ post }`, or 303 to /posts for a form. */
      async POST(site, req, res) {
        site.auth.users.assertAllowedOrigin(req, res);
        const body = await readBody(req);
        const user = await requireUser(site, req, res);
        const input = parseInput(POST_INPUT, body.fields);
        const post = await site.db.post.create({
          data: { ...input, authorId: user.id },
          select: POST_FIELDS,
        });
        formOrJson(res, body.kind, "/posts", 201, { post });
      },
    },
  },
  async adminOverview(db) {
    const [users, posts] = await Promise.all([
      db.user.findMany({ select: { email: true, name: true }, orderBy: { email: "asc" }, take: 20 }),
      db.post.count(),
    ]);
    return { users, counts: [["posts", posts]] };
  },
};
