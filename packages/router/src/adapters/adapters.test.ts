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
  it("flags admin requests from the canonical path, for the rest of the request", async () => {
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
      expect(JSON.parse(await get(port, "//ADMIN"))).toEqual({ admin: true });
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
  const handler = withRouting(async (_request: Request, extra?: string) => ({
    ctx: getRoutingContext(),
    extra,
  }));

  it("runs the handler in the request's context and passes extra arguments through", async () => {
    expect(await handler(new Request("http://site.test/admin/x"), "params")).toEqual({
      ctx: { admin: true },
      extra: "params",
    });
    expect((await handler(new Request("http://site.test/me"))).ctx).toEqual({ admin: false });
  });

  it("decides on the raw path the server saw", async () => {
    expect((await handler(new Request("http://site.test/public/..%2fadmin"))).ctx).toEqual({ admin: true });
    expect((await handler(new Request("http://site.test/%61dmin"))).ctx).toEqual({ admin: true });
    expect(getRoutingContext()).toBeUndefined();
  });
});
