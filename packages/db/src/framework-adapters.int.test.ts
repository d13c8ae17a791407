// The Fastify and Hono adapters on real servers and real databases: interleaved admin and site
// requests whose body is parsed by the framework (the classic place a context is lost), every row
// counted in the database its request's flag implies, and the path-spelling corpus served with
// route and flag agreeing (or refused).
import { Agent, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import Fastify from "fastify";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PATHS, REFUSED_PATHS, SITE_PATHS } from "../../router/test/path-corpus.ts";
import { useSiteDb } from "../test/site-db.ts";
import { fastifyRouting } from "./fastify.js";
import { honoRouting } from "./hono.js";
import { getRoutingContext } from "./index.js";

const REQUESTS = 1_500;
const CONCURRENCY = 32;
const site = useSiteDb({ pool: { max: 2, connectionTimeoutMillis: 60_000 } });

interface Served {
  readonly port: number;
  close(): Promise<void>;
}

const sideOf = (url: string) =>
  new URL(url, "http://x").pathname.split("/")[1] === "admin" ? "admin" : "site";

async function fastifyServer(): Promise<Served> {
  const app = Fastify();
  await app.register(fastifyRouting);
  const create = async (request: { body: unknown }) => {
    await site.db.user.create({ data: { email: (request.body as { email: string }).email } });
    return { ok: true };
  };
  app.post("/admin/rows", create);
  app.post("/rows", create);
  const probe = async (request: { url: string }) => ({
    side: sideOf(request.url),
    admin: getRoutingContext()?.admin ?? null,
  });
  app.get("/admin", probe);
  app.get("/admin/*", probe);
  app.get("/*", probe);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

async function honoServer(): Promise<Served> {
  const app = new Hono();
  app.use("*", honoRouting());
  const create = async (c: {
    req: { json(): Promise<{ email: string }> };
    json(body: unknown): Response;
  }) => {
    const { email } = await c.req.json();
    await site.db.user.create({ data: { email } });
    return c.json({ ok: true });
  };
  app.post("/admin/rows", create);
  app.post("/rows", create);
  const probe = (c: { req: { url: string }; json(body: unknown): Response }) =>
    c.json({ side: sideOf(c.req.url), admin: getRoutingContext()?.admin ?? null });
  app.get("/admin", probe);
  app.get("/admin/*", probe);
  app.get("/*", probe);
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(
  port: number,
  path: string,
  options: { body?: string; agent?: Agent } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.body === undefined ? "GET" : "POST",
        headers: options.body === undefined ? {} : { "content-type": "application/json" },
        ...(options.agent && { agent: options.agent }),
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

// Hono on Node builds the request URL with WHATWG parsing, which resolves dot segments first: the
// handler and the flag then read the same resolved path, so those agree rather than being refused.
describe.each([
  { framework: "fastify", start: fastifyServer, resolvesDotSegments: false },
  { framework: "hono", start: honoServer, resolvesDotSegments: true },
])("$framework adapter", ({ framework, start, resolvesDotSegments }) => {
  let served: Served;
  beforeAll(async () => {
    served = await start();
  });
  afterAll(() => served?.close());

  it(`routes ${REQUESTS} interleaved requests with parsed bodies without a misrouted row`, {
    timeout: 180_000,
  }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const id = next++;
        const admin = id % 3 === 0;
        const email = `${framework}-${id}-${admin ? "admin" : "site"}@stress.test`;
        const answer = await send(served.port, admin ? "/admin/rows" : "/rows", {
          body: JSON.stringify({ email }),
          agent,
        });
        statuses.push(answer.status);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const where = (kind: string) => ({
      email: { startsWith: `${framework}-`, endsWith: `-${kind}@stress.test` },
    });
    const counts = {
      adminRowsInShared: await site.db.$using("shared").user.count({ where: where("admin") }),
      siteRowsInApp: await site.db.$using("app").user.count({ where: where("site") }),
      adminRowsInApp: await site.db.$using("app").user.count({ where: where("admin") }),
      siteRowsInShared: await site.db.$using("shared").user.count({ where: where("site") }),
    };
    console.log(
      `${framework} isolation stress: ${REQUESTS} requests, misrouted rows: ${counts.adminRowsInShared + counts.siteRowsInApp}`,
    );
    expect(counts).toEqual({
      adminRowsInShared: 0,
      siteRowsInApp: 0,
      adminRowsInApp: REQUESTS / 3,
      siteRowsInShared: (REQUESTS * 2) / 3,
    });
  });

  it("serves the path corpus with route and flag agreeing, and refuses the hostile spellings", async () => {
    for (const path of [...ADMIN_PATHS, ...SITE_PATHS, ...REFUSED_PATHS.filter((p) => p.startsWith("/"))]) {
      const { status, text } = await send(served.port, path);
      if (status === 400 && text.includes("USERBRIDGE_REFUSED_PATH")) continue;
      if (status === 404 || status === 400) continue; // the framework's own refusal: no handler ran
      expect(status, `${path}: ${text}`).toBe(200);
      const { side, admin } = JSON.parse(text) as { side: string; admin: boolean };
      expect(admin, path).toBe(side === "admin");
    }
    const resolvedFirst = (path: string) =>
      resolvesDotSegments && /(^|\/)(\.|%2e){1,2}(\/|$|;|%)/i.test(path);
    for (const path of REFUSED_PATHS.filter((p) => p.startsWith("/") && !resolvedFirst(p))) {
      expect((await send(served.port, path)).status, path).toBeGreaterThanOrEqual(400);
    }
    expect(JSON.parse((await send(served.port, "/admin/users")).text)).toEqual({
      side: "admin",
      admin: true,
    });
    expect(JSON.parse((await send(served.port, "/me")).text)).toEqual({ side: "site", admin: false });
  });
});
