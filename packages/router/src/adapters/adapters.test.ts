import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { getRoutingContext } from "../context.js";
import { withRouting } from "./fetch.js";
import { routingMiddleware } from "./node.js";

/** Sends a raw request path (no client-side normalisation) and returns the body. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("routingMiddleware (node:http)", () => {
  it("flags admin requests from the path, for the rest of the request, and refuses ambiguous ones", async () => {
    const middleware = routingMiddleware();
    const server = createServer((req, res) => {
      middleware(req, res, () => {
        setTimeout(() => res.end(JSON.stringify(getRoutingContext() ?? null)), 1);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(JSON.parse(await get(port, "/admin/users"))).toEqual({ admin: true });
      expect(await get(port, "//ADMIN")).toMatch(
        /^userbridge: refused the request path \(ambiguous-prefix\)/,
      );
      expect(await get(port, "/admin/../me")).toMatch(/\(dot-segment\)/);
      expect(JSON.parse(await get(port, "/administrator"))).toEqual({ admin: false });
      // An absolute-form request target (valid HTTP; Express routes it by its path).
      expect(JSON.parse(await get(port, "http://site.test/admin/users"))).toEqual({ admin: true });
      // Next.js CVE-2025-29927 style internal headers change nothing.
      expect(JSON.parse(await get(port, "/admin", { "x-middleware-subrequest": "middleware" }))).toEqual({
        admin: true,
      });
    } finally {
      server.close();
    }
  });

  it("runs the request's event listeners in its context (body parsers), even ones added before", async () => {
    const middleware = routingMiddleware();
    const server = createServer((req, res) => {
      let seenAtEnd: unknown = "unset";
      req.on("end", () => {
        seenAtEnd = getRoutingContext() ?? null;
      });
      middleware(req, res, () => {
        req.on("data", () => {});
        req.on("end", () =>
          res.end(JSON.stringify({ inside: getRoutingContext() ?? null, before: seenAtEnd })),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(JSON.parse(await get(port, "/admin/upload"))).toEqual({
        inside: { admin: true },
        before: { admin: true },
      });
    } finally {
      server.close();
    }
  });

  it("uses Express' originalUrl when mounted, and custom isAdmin/context", () => {
    const seen: unknown[] = [];
    const next = () => seen.push(getRoutingContext());
    const req = { url: "/users", originalUrl: "/admin/users", headers: {} } as never;
    routingMiddleware()(req, {} as never, next);
    routingMiddleware({ isAdmin: () => false, context: () => ({ tenant: "a" }) })(req, {} as never, next);
    expect(seen).toEqual([{ admin: true }, { tenant: "a", admin: false }]);
  });
});

describe("withRouting (fetch handlers)", () => {
  const handler = withRouting(async (_request: Request, extra?: string) =>
    Response.json({ ctx: getRoutingContext(), extra }),
  );

  it("runs the handler in the request's context and passes extra arguments through", async () => {
    expect(await (await handler(new Request("http://site.test/admin/x"), "params")).json()).toEqual({
      ctx: { admin: true },
      extra: "params",
    });
    expect(await (await handler(new Request("http://site.test/me"))).json()).toEqual({
      ctx: { admin: false },
    });
  });

  it("refuses with a 400 JSON answer what cannot be read safely, without running the handler", async () => {
    let ran = false;
    const guarded = withRouting((_request: Request) => {
      ran = true;
      return new Response("ran");
    });
    // Request URLs are already WHATWG-parsed (dot segments resolved): what is left is still refused.
    for (const path of ["/%61dmin", "/ADMIN", "/api/users/%2561", "/admin%3F", "/admin.", "//admin"]) {
      const response = guarded(new Request(`http://site.test${path}`));
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "USERBRIDGE_REFUSED_PATH" } });
    }
    expect(ran).toBe(false);
    expect(getRoutingContext()).toBeUndefined();
  });

  it("with `side`, runs the handler only for paths on that side", async () => {
    // Regression (issue 9, defect 9): a public catch-all ran as admin for paths it could not decode.
    const site = withRouting((_request: Request) => Response.json(getRoutingContext()), { side: "site" });
    const admin = withRouting((_request: Request) => Response.json(getRoutingContext()), { side: "admin" });
    expect(await site(new Request("http://site.test/api/users/1")).json()).toEqual({ admin: false });
    expect(await admin(new Request("http://site.test/admin/users")).json()).toEqual({ admin: true });
    expect(site(new Request("http://site.test/admin/users")).status).toBe(400);
    expect(admin(new Request("http://site.test/api/users/1")).status).toBe(400);
    expect(site(new Request("http://site.test/api/auth/signup/%2561")).status).toBe(400);
  });
});
