// The README's custom router block (`// reports-router.ts`), as written, in front of the seed router on
// real databases: it decides before identityRouter, and its reason reaches onRoute.
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeBlock, type SnippetProject, snippetProject } from "../test/readme-snippets.ts";
import { useSiteDb } from "../test/site-db.ts";
import { createDb, type DatabaseRouter, type Db, recordRoutes, runWithRouting } from "./index.js";

const site = useSiteDb();
const trace = recordRoutes();
let project: SnippetProject;
let db: Db<AppClient>;

beforeAll(async () => {
  project = await snippetProject(
    { "reports-router.ts": await readmeBlock("// reports-router.ts") },
    { "@userbridge/db": "packages/db" },
  );
  const { reportsRouter } = await project.load<{ reportsRouter: DatabaseRouter<"shared" | "app"> }>(
    "reports-router.ts",
  );
  db = createDb({
    appClient: AppClient,
    sharedDatabaseUrl: site.shared.url,
    appDatabaseUrl: site.app.url,
    routers: [reportsRouter],
    onRoute: trace.onRoute,
  });
  await site.db.$pinned("shared").user.create({ data: { email: "shared@example.test" } });
  await site.db.$pinned("app").user.create({ data: { email: "site-admin@example.test" } });
});

afterAll(async () => {
  await db?.$disconnect();
  await project?.remove();
});

describe("README: a custom router", () => {
  it("sends report reads to the site's database, with its reason, before the seed router", async () => {
    trace.clear();
    const emails = await runWithRouting({ report: true }, () =>
      db.user.findMany({ select: { email: true } }),
    );
    expect(emails).toEqual([{ email: "site-admin@example.test" }]);
    expect(trace.decisions).toEqual([
      { model: "user", operation: "findMany", client: "app", reason: "report", router: "reports" },
    ]);
  });

  it("passes everything else on to the seed router", async () => {
    trace.clear();
    const emails = await runWithRouting({}, () => db.user.findMany({ select: { email: true } }));
    expect(emails).toEqual([{ email: "shared@example.test" }]);
    await runWithRouting({ report: true }, () => db.user.count()); // a read, but its own: still reports'
    await runWithRouting({ report: true }, () => db.user.create({ data: { email: "new@example.test" } }));
    expect(trace.decisions.map(({ client, reason, router }) => ({ client, reason, router }))).toEqual([
      { client: "shared", reason: "routed-model", router: "identity" },
      { client: "app", reason: "report", router: "reports" },
      { client: "shared", reason: "routed-model", router: "identity" },
    ]);
    expect(await site.db.$pinned("shared").user.count({ where: { email: "new@example.test" } })).toBe(1);
  });
});
