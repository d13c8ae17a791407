// The README's Fastify and Hono blocks (`// fastify-app.ts`, `// hono-app.ts`, with its `// db.ts`),
// as written, on real databases.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { PrismaClient as AppClient } from "@userbridge/clients/app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ReadmeDatabases,
  readmeBlock,
  readmeDatabases,
  type SnippetProject,
  snippetProject,
} from "../test/readme-snippets.ts";
import type { Db } from "./index.ts";

interface ReadmeAuth {
  readonly users: { signup(input: unknown, request: Request, response: Headers): Promise<unknown> };
  readonly admins: { createUser(input: unknown): Promise<unknown> };
}

let databases: ReadmeDatabases;
let project: SnippetProject;
let db: Db<AppClient>;
const servers: Array<() => Promise<unknown>> = [];
const ports = { fastify: 0, hono: 0 };
let cookie = "";

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  databases = await readmeDatabases();
  project = await snippetProject(
    {
      "db.ts": await readmeBlock("// db.ts"),
      "fastify-app.ts": await readmeBlock("// fastify-app.ts"),
      "hono-app.ts": await readmeBlock("// hono-app.ts"),
    },
    {
      fastify: "packages/db/node_modules/fastify",
      hono: "packages/db/node_modules/hono",
    },
  );
  const site = await project.load<{ db: Db<AppClient>; auth: ReadmeAuth }>("db.ts");
  db = site.db;
  await site.auth.admins.createUser({ email: "root@readme.test", password: "admin-password" });
  const headers = new Headers();
  await site.auth.users.signup(
    { email: "ada@readme.test", password: "ada-password" },
    new Request("http://127.0.0.1/signup"),
    headers,
  );
  cookie = (headers.getSetCookie()[0] ?? "").split(";", 1)[0] as string;

  const { app: fastify } = await project.load<{
    app: { listen(options: object): Promise<string>; server: { address(): unknown }; close(): Promise<void> };
  }>("fastify-app.ts");
  await fastify.listen({ port: 0, host: "127.0.0.1" });
  ports.fastify = (fastify.server.address() as AddressInfo).port;
  servers.push(() => fastify.close());

  const { app: hono } = await project.load<{
    app: { fetch: (request: Request) => Response | Promise<Response> };
  }>("hono-app.ts");
  const server = serve({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  ports.hono = (server.address() as AddressInfo).port;
  servers.push(() => new Promise((resolve) => server.close(resolve)));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((close) => close()));
  await db?.$disconnect();
  await project?.remove();
  await databases?.drop();
});

describe("the README's Fastify and Hono blocks", () => {
  it("Fastify: /admin reads the site's own users, other routes the identity database; hostile paths are 400", async () => {
    const admin = await get(ports.fastify, "/admin/users");
    expect(admin.status).toBe(200);
    expect(JSON.parse(admin.body)).toEqual([expect.objectContaining({ email: "root@readme.test" })]);
    expect(JSON.parse((await get(ports.fastify, "/users/count")).body)).toEqual({ users: 1 });
    for (const path of [
      "/admin/../users/count",
      "/ADMIN/users",
      "/%61dmin/users",
      "/users/count/..%2f..%2fadmin/users",
    ]) {
      expect((await get(ports.fastify, path)).status, path).toBe(400);
    }
  });

  it("Hono: /me resolves the shared session", async () => {
    expect((await get(ports.hono, "/me")).status).toBe(401);
    const me = await get(ports.hono, "/me", { cookie });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ user: { email: "ada@readme.test" } });
    expect((await get(ports.hono, "/%61dmin/me")).status).toBe(400);
  });
});
