// `app.use(routingMiddleware())` in front of an Express 5 app, attacked with every spelling of the
// corpus: Express routes on its own reading of the path, the flag comes from readRequestPath, and the
// two never disagree (an admin route runs only as admin, a site route only as the site).
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PATHS, REFUSED_PATHS, SITE_PATHS } from "../../test/path-corpus.js";
import { getRoutingContext } from "../context.js";
import { routingMiddleware } from "./node.js";

let port: number;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use(routingMiddleware());
  app.use(express.urlencoded({ extended: false }));
  const answer = (side: "admin" | "site") => (req: express.Request, res: express.Response) =>
    res.json({ side, admin: getRoutingContext()?.admin ?? null, body: req.body ?? null });
  app.all("/admin", answer("admin"));
  app.all("/admin/{*rest}", answer("admin"));
  app.all("/{*rest}", answer("site"));
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
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: isJson ? JSON.parse(text) : text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("routingMiddleware in front of Express 5", () => {
  it.each([...ADMIN_PATHS, ...SITE_PATHS, ...REFUSED_PATHS.filter((p) => p.startsWith("/"))])(
    "%j: the route served and the flag agree, or the request is refused",
    async (path) => {
      const { status, json } = await send(path);
      if (status === 400) {
        expect(json).toMatch(/^userbridge: refused the request path/);
        return;
      }
      expect(status).toBe(200);
      const { side, admin } = json as { side: string; admin: boolean };
      expect(admin).toBe(side === "admin");
    },
  );

  it("refuses exactly the corpus' hostile spellings and serves the rest", async () => {
    for (const path of REFUSED_PATHS.filter((p) => p.startsWith("/")))
      expect((await send(path)).status).toBe(400);
    for (const path of ADMIN_PATHS)
      expect(await send(path)).toMatchObject({ json: { side: "admin", admin: true } });
    for (const path of SITE_PATHS)
      expect(await send(path)).toMatchObject({ json: { side: "site", admin: false } });
  });

  it("keeps the context in body-parser callbacks", async () => {
    expect(await send("/admin/users", "name=x")).toEqual({
      status: 200,
      json: { side: "admin", admin: true, body: { name: "x" } },
    });
  });
});

describe("routingMiddleware in a mounted router", () => {
  it("refuses to decide (500 naming the fix) instead of reading another path than the routes", async () => {
    // Regression (review of issue 9): in `app.use("/api", sub)`, sub's "/admin/users" ran with admin: false.
    const app = express();
    const sub = express.Router();
    sub.use(routingMiddleware());
    sub.get("/admin/users", (_req, res) => res.json({ admin: getRoutingContext()?.admin ?? null }));
    app.use("/api", sub);
    app.use(
      (
        error: Error & { code?: string },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).json({ code: error.code });
      },
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const previous = port;
    port = (server.address() as AddressInfo).port;
    try {
      expect(await send("/api/admin/users")).toEqual({
        status: 500,
        json: { code: "USERBRIDGE_MOUNTED_MIDDLEWARE" },
      });
    } finally {
      port = previous;
      server.close();
    }
  });
});
