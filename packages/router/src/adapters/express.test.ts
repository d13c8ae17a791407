// The README's Express set-up, run for real: the app routes on canonicalPath and the admin flag is
// decided on the same path, so no spelling reaches an admin route without the admin context.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalPath } from "../admin-path.js";
import { getRoutingContext } from "../context.js";
import { routingMiddleware } from "./node.js";

let port: number;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.set("case sensitive routing", false);
  app.set("strict routing", false);
  app.use((req, _res, next) => {
    const path = canonicalPath(req.url);
    if (path === undefined) return next(Object.assign(new Error("bad path"), { status: 400 }));
    const query = req.url.indexOf("?");
    req.url = path + (query === -1 ? "" : req.url.slice(query));
    next();
  });
  app.use(routingMiddleware());
  app.use(express.urlencoded({ extended: false }));
  const answer = (route: string) => (_req: express.Request, res: express.Response) =>
    res.json({ route, admin: getRoutingContext()?.admin ?? null });
  app.get("/me", answer("me"));
  app.get("/admin/users", answer("admin-users"));
  app.get("/admin/:page", answer("admin-page"));
  app.post("/admin/users", (req, res) =>
    res.json({ route: "admin-post", admin: getRoutingContext()?.admin, body: req.body }),
  );
  app.use(
    (
      error: { status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res.status(error.status ?? 500).json({ error: "bad path" });
    },
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
  close = () => server.close();
});

afterAll(() => close?.());

function send(path: string, body?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: body === undefined ? "GET" : "POST",
        headers: body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        const isJson = res.headers["content-type"]?.includes("json") ?? false;
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: isJson ? JSON.parse(text) : null }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the README's Express set-up", () => {
  it.each([
    "/admin/users",
    "/ADMIN/Users",
    "//admin//users/",
    "/%61dmin/users",
    "/admin;x=1/users",
    "/me/../admin/users",
    "/admin./users",
    "http://site.test/admin/users",
  ])("serves %j from the admin route, in the admin context", async (path) => {
    expect(await send(path)).toEqual({ status: 200, json: { route: "admin-users", admin: true } });
  });

  it("serves /me outside the admin context", async () => {
    expect(await send("/Me")).toEqual({ status: 200, json: { route: "me", admin: false } });
  });

  it.each([
    ["/admin/..", { status: 404, json: null }], // canonical "/": no route
    ["/admin/%2e%2e/x", { status: 404, json: null }],
    ["/%2561dmin/users", { status: 400, json: { error: "bad path" } }], // still encoded: refused
    ["/admin%2fsettings", { status: 200, json: { route: "admin-page", admin: true } }],
  ])("answers the tricky %j without ever reaching an admin route as non-admin", async (path, expected) => {
    expect(await send(path)).toEqual(expected);
  });

  it("keeps the context in body-parser callbacks", async () => {
    expect(await send("/admin/users", "name=x")).toEqual({
      status: 200,
      json: { route: "admin-post", admin: true, body: { name: "x" } },
    });
  });
});
