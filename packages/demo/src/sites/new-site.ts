// The new site: its own schema `new` (prisma/new: Project and Task, no Post), and its projects page:
// the user's projects and tasks are rows of its own database; the tasks' owners are users of the
// identity database, fetched with one query per page (db.$preload).
import { PrismaClient } from "@userbridge/clients/new";
import { createDb, type Db } from "@userbridge/db";
import { z } from "zod";
import { readBody } from "../http/body.js";
import { DEMO_ERROR_CODES, HttpError } from "../http/errors.js";
import { formOrJson, sendHtml } from "../http/respond.js";
import { projectsPage } from "../pages/projects.js";
import type { PageRenderer, SiteDbOptions, SiteDefinition } from "./definition.js";
import { id, parseInput, title } from "./input.js";
import { pageContext, requireUser, USER_NAME } from "./page-context.js";

/** The site's routed client: `db.user` (identity), and its own models from its own generated client. */
export type NewSiteDb = Db<PrismaClient>;

function createNewSiteDb(options: SiteDbOptions): NewSiteDb {
  // {}: the demo passes every setting; nothing is read from process.env.
  return createDb({ appClient: PrismaClient, ...options }, {});
}

const PROJECT_INPUT = z.object({ name: title });
const TASK_INPUT = z.object({ projectId: id, title });
/** `done` defaults to true (the page's "mark done"); "false" reopens the task. */
const DONE_INPUT = z.object({
  taskId: id,
  done: z
    .union([z.boolean(), z.enum(["true", "false"])])
    .optional()
    .transform((value) => value === undefined || value === true || value === "true"),
});

const TASK_FIELDS = { id: true, title: true, done: true, ownerId: true } as const;

function notFound(what: string): HttpError {
  return new HttpError(404, DEMO_ERROR_CODES.NOT_FOUND, `userbridge demo: no such ${what} of yours.`);
}

/** `GET /projects` (and the page a failed form on it is shown on). */
const renderProjects: PageRenderer<NewSiteDb> = async (site, req, res, status = 200, notice) => {
  const user = await site.auth.users.getUser(req, res);
  const projects = user
    ? await site.db.project.findMany({
        where: { ownerId: user.id },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, tasks: { orderBy: { createdAt: "asc" }, select: TASK_FIELDS } },
      })
    : [];
  // Every task's owner with one `user.findMany ... IN (ownerIds)`: on the identity database (routed-model).
  const tasks = await site.db.$preload(
    projects.flatMap((project) => project.tasks),
    { owner: { model: "user", from: "ownerId", select: USER_NAME } },
  );
  const withOwner = new Map(tasks.map((task) => [task.id, task]));
  const shown = projects.map((project) => ({
    ...project,
    tasks: project.tasks.map((task) => withOwner.get(task.id) ?? { ...task, owner: null }),
  }));
  sendHtml(res, status, projectsPage(pageContext(site, req, notice), user, shown));
};

export const NEW_SITE: SiteDefinition<NewSiteDb> = {
  name: "new",
  createDb: createNewSiteDb,
  nav: [{ path: "/projects", label: "projects" }],
  routes: {
    "/projects": {
      page: renderProjects,
      GET: (site, req, res) => renderProjects(site, req, res),
      /** A project of the logged-in user: `{ name }`; 201 `{ project }`, or 303 to /projects for a form. */
      async POST(site, req, res) {
        site.auth.users.assertAllowedOrigin(req, res);
        const body = await readBody(req);
        const user = await requireUser(site, req, res);
        const { name } = parseInput(PROJECT_INPUT, body.fields);
        const project = await site.db.project.create({
          data: { name, ownerId: user.id },
          select: { id: true, name: true, ownerId: true },
        });
        formOrJson(res, body.kind, "/projects", 201, { project });
      },
    },
    "/projects/tasks": {
      page: renderProjects,
      /** A task in one of the user's projects: `{ projectId, title }`; 201 `{ task }`; 404 for another's project. */
      async POST(site, req, res) {
        site.auth.users.assertAllowedOrigin(req, res);
        const body = await readBody(req);
        const user = await requireUser(site, req, res);
        const input = parseInput(TASK_INPUT, body.fields);
        const project = await site.db.project.findFirst({
          where: { id: input.projectId, ownerId: user.id },
          select: { id: true },
        });
        if (!project) throw notFound("project");
        const task = await site.db.task.create({
          data: { title: input.title, projectId: project.id, ownerId: user.id },
          select: { ...TASK_FIELDS, projectId: true },
        });
        formOrJson(res, body.kind, "/projects", 201, { task });
      },
    },
    "/projects/tasks/done": {
      page: renderProjects,
      /** Marks a task of one of the user's projects done (`done: false` reopens it): 200 `{ task }`; 404 otherwise. */
      async POST(site, req, res) {
        site.auth.users.assertAllowedOrigin(req, res);
        const body = await readBody(req);
        const user = await requireUser(site, req, res);
        const { taskId, done } = parseInput(DONE_INPUT, body.fields);
        const { count } = await site.db.task.updateMany({
          where: { id: taskId, project: { ownerId: user.id } },
          data: { done },
        });
        if (count === 0) throw notFound("task");
        formOrJson(res, body.kind, "/projects", 200, { task: { id: taskId, done } });
      },
    },
  },
  async adminOverview(db) {
    const [users, projects, tasks] = await Promise.all([
      db.user.findMany({ select: { email: true, name: true }, orderBy: { email: "asc" }, take: 20 }),
      db.project.count(),
      db.task.count(),
    ]);
    return {
      users,
      counts: [
        ["projects", projects],
        ["tasks", tasks],
      ],
    };
  },
};
