// The README's Express set-up (its `// db.ts` and `// app.ts` blocks, as written) on real databases,
// attacked with path spellings. Regression (issue 9, defects 1 and 2): the old set-up rewrote req.url
// to a canonical path while the flag was decided on the raw one, so `POST /admin/../signup` created a
// site-admin account, and `/admin%3F` served the admin route with the shared tables.
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PrismaClient as AppClient } from "@userbridge/clients/app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_PATHS } from "../../router/test/path-corpus.ts";
import {
  type ReadmeDatabases,
  readmeBlock,
  readmeDatabases,
  type SnippetProject,
  snippetProject,
} from "../test/readme-snippets.ts";
import type { Db } from "./index.ts";

const SHARED_USER = { email: "shared@readme.test", password: "shared-password" };
const ADMIN_USER = { email: "root@readme.test", password: "admin-password" };

let databases: ReadmeDatabases;
let project: SnippetProject;
let server: Server;
let db: Db<AppClient>;
let port: number;
const cookies = { shared: "", admin: "" };

/** What this test uses of the README's `auth` (from @userbridge/session, which this package does not depend on). */
interface ReadmeAuth {
  readonly admins: {
    createUser(input: unknown): Promise<unknown>;
    login(input: unknown, request: Request, response: Headers): Promise<unknown>;
  };
}

interface Answer {
  status: number;
  body: string;
}

function send(
  path: string,
  options: { method?: string; cookie?: string; form?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method: options.method ?? "GET", headers },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(options.form);
  });
}

const cookieOf = (setCookie: string | null) => (setCookie ?? "").split(";", 1)[0] as string;

beforeAll(async () => {
  databases = await readmeDatabases();
  project = await snippetProject(
    { "db.ts": await readmeBlock("// db.ts"), "app.ts": await readmeBlock("// app.ts") },
    { express: "packages/router/node_modules/express" },
  );
  const { app } = await project.load<{ app: { listen(port: number, host: string): Server } }>("app.ts");
  const site = await project.load<{ db: Db<AppClient>; auth: ReadmeAuth }>("db.ts");
  db = site.db;
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;

  // A shared user through the README's own /signup, a site admin the way a script makes one.
  const signup = await new Promise<string>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/signup",
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(cookieOf(String(res.headers["set-cookie"]?.[0] ?? ""))));
      },
    );
    req.on("error", reject);
    req.end(new URLSearchParams(SHARED_USER).toString());
  });
  cookies.shared = signup;
  await site.auth.admins.createUser(ADMIN_USER);
  const headers = new Headers();
  await site.auth.admins.login(ADMIN_USER, new Request(`http://127.0.0.1:${port}/admin/login`), headers);
  cookies.admin = cookieOf(headers.get("set-cookie"));
}, 60_000);

afterAll(async () => {
  server?.close();
  await db?.$disconnect();
  await project?.remove();
  await databases?.drop();
});

// Spellings of the admin route (its flag is visible: the admin route lists the site's own users).
const ADMIN_ROUTE_SPELLINGS = [
  "/admin/users",
  "/admin/users/",
  "/admin/users?x=1",
  "/admin/users#f",
  "http://site.test/admin/users",
  "/ADMIN/users",
  "/Admin/Users",
  "/admin/USERS",
  "/%61dmin/users",
  "/%2561dmin/users",
  "/admin%2Fusers",
  "/admin%2fusers",
  "//admin/users",
  "/admin//users",
  "/admin;x/users",
  "/admin./users",
  "/admin%20/users",
  "/admin%3F/users",
  "/admin%23/users",
  "/admin%C2%A0/users",
  "/admin%EF%BB%BF/users",
  "/admin%5cusers",
  "/me/../admin/users",
  "/x/%2e%2e/admin/users",
  "/admin/./users",
  "/admin/users/..",
  "/%EF%BD%81%EF%BD%84%EF%BD%8D%EF%BD%89%EF%BD%8E/users",
  "/admin/users%00",
];

// Spellings of the public signup (a site-admin account must never come of them).
const SIGNUP_SPELLINGS = [
  "/signup",
  "/Signup",
  "/signup/",
  "/admin/../signup",
  "/ADMIN/../signup",
  "/./admin/../signup",
  "/admin/x/../../signup",
  "/admin;x/../signup",
  "/admin./../signup",
  "/admin/%2e%2e/signup",
  "/%61dmin/../signup",
  "/admin%5c..%5csignup",
  "/admin/..;/signup",
  "/admin%2F..%2Fsignup",
  "/admin/.%2e/signup",
  "/admin%3F/../signup",
];

describe("the README's Express set-up, attacked", () => {
  it("never serves the admin route outside the admin context, whatever the spelling", async () => {
    for (const path of ADMIN_ROUTE_SPELLINGS) {
      const { status, body } = await send(path, { cookie: `${cookies.shared}; ${cookies.admin}` });
      expect([200, 400, 404], `${path} -> ${status} ${body}`).toContain(status);
      if (status === 200) {
        // The admin route read the site's own users: admin context. The shared user is not there.
        expect(body, path).toContain(ADMIN_USER.email);
        expect(body, path).not.toContain(SHARED_USER.email);
      }
    }
  });

  it("creates no site-admin account through any spelling of /signup", { timeout: 60_000 }, async () => {
    let n = 0;
    for (const path of SIGNUP_SPELLINGS) {
      const form = new URLSearchParams({ email: `u${n++}@readme.test`, password: "a-password" }).toString();
      const { status, body } = await send(path, { method: "POST", form });
      // 403 would be the shared signup refusing an admin context: a flag/route disagreement.
      expect([201, 400, 404], `${path} -> ${status} ${body}`).toContain(status);
    }
    const adminTable = await db.$using("app").user.findMany({ select: { email: true } });
    expect(adminTable).toEqual([{ email: ADMIN_USER.email }]);
  });

  it("answers every hostile spelling of the corpus 400 before any route runs", async () => {
    for (const path of REFUSED_PATHS.filter((p) => p.startsWith("/"))) {
      const { status, body } = await send(path, { cookie: cookies.admin });
      expect(status, path).toBe(400);
      expect(body, path).toContain("userbridge: refused the request path");
    }
  });

  it("serves the plain paths on the side they name", async () => {
    expect(await send("/me", { cookie: cookies.shared })).toMatchObject({ status: 200 });
    expect((await send("/me", { cookie: cookies.shared })).body).toContain(SHARED_USER.email);
    const admin = await send("/admin/users", { cookie: cookies.admin });
    expect(admin.status).toBe(200);
    expect(JSON.parse(admin.body)).toEqual([expect.objectContaining({ email: ADMIN_USER.email })]);
    expect(ADMIN_ROUTE_SPELLINGS.length + SIGNUP_SPELLINGS.length).toBeGreaterThanOrEqual(40);
  });
});
