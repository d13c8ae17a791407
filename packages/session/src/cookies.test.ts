import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { requestCookies, writeSessionCookie } from "./cookies.js";

const spec = { name: "sid", path: "/", domain: undefined };

function nodeRequest(host: string, headers: Record<string, string> = {}, encrypted = false) {
  const socket = new Socket();
  if (encrypted) Object.assign(socket, { encrypted: true });
  const req = new IncomingMessage(socket);
  req.headers = { host, ...headers };
  const res = new ServerResponse(req);
  return { req, res };
}

function setCookieOf(host: string, secure: boolean | "auto", encrypted = false, domain?: string): string {
  const { req, res } = nodeRequest(host, {}, encrypted);
  writeSessionCookie(requestCookies([req, res]), { ...spec, domain }, secure, "v", 60);
  return String(res.getHeader("set-cookie"));
}

describe("session cookie attributes", () => {
  it("are HttpOnly, SameSite=Lax, Path=/, with Max-Age", () => {
    expect(setCookieOf("example.com", "auto")).toBe(
      "sid=v; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax",
    );
  });

  it("drop Secure only for plain http to a loopback host", () => {
    for (const host of [
      "localhost:3001",
      "127.0.0.1:3002",
      "[::1]:3001",
      "old.localhost:3001",
      "LOCALHOST",
    ]) {
      expect(setCookieOf(host, "auto"), host).not.toMatch(/Secure/);
    }
    for (const host of ["example.com", "192.168.1.2:3001", "localhost.example.com", "127.0.0.2"]) {
      expect(setCookieOf(host, "auto"), host).toMatch(/Secure/);
    }
    expect(setCookieOf("localhost:3001", "auto", true)).toMatch(/Secure/);
    expect(setCookieOf("localhost:3001", true)).toMatch(/Secure/);
    expect(setCookieOf("example.com", false)).not.toMatch(/Secure/);
  });

  it("keep Secure when a TLS-terminating proxy forwards Host: localhost", () => {
    const secureVia = (headers: Record<string, string>) => {
      const { req, res } = nodeRequest("localhost:3001", headers);
      writeSessionCookie(requestCookies([req, res]), spec, "auto", "v", 60);
      return String(res.getHeader("set-cookie"));
    };
    expect(secureVia({ "x-forwarded-proto": "https" })).toMatch(/Secure/);
    expect(secureVia({ "x-forwarded-proto": "HTTPS, http" })).toMatch(/Secure/);
    expect(secureVia({ forwarded: "for=1.2.3.4;proto=https;host=example.com" })).toMatch(/Secure/);
    expect(secureVia({ "x-forwarded-proto": "http" })).not.toMatch(/Secure/);
    expect(secureVia({ forwarded: "for=1.2.3.4;proto=http" })).not.toMatch(/Secure/);
    const fetchBehindProxy = new Request("http://localhost:3002/login", {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(requestCookies([fetchBehindProxy, new Headers()]).insecureLocalhost).toBe(false);
    // ...and the origin the browser used is https, so its Origin header matches (the scheme is compared).
    expect(requestCookies([fetchBehindProxy, new Headers()]).ownOrigin).toBe("https://localhost:3002");
  });

  it("carry the configured Domain", () => {
    expect(setCookieOf("old.example.com", "auto", false, ".example.com")).toMatch(/; Domain=.example.com;/);
  });

  it("work with fetch Request/Headers", () => {
    const headers = new Headers();
    const request = new Request("http://localhost:3002/login", {
      headers: { cookie: "sid=abc", origin: "http://x" },
    });
    const cookies = requestCookies([request, headers]);
    expect(cookies.jar.read("sid")).toBe("abc");
    expect(cookies).toMatchObject({
      origin: "http://x",
      ownOrigin: "http://localhost:3002",
      insecureLocalhost: true,
    });
    writeSessionCookie(cookies, spec, "auto", "v", 60);
    expect(headers.get("set-cookie")).toBe("sid=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax");
    const https = requestCookies([new Request("https://localhost/login"), new Headers()]);
    expect(https.insecureLocalhost).toBe(false);
  });

  it("work with a Next.js cookies() store", () => {
    const written: unknown[] = [];
    const store = {
      get: (name: string) => (name === "sid" ? { name, value: "abc" } : undefined),
      set: (...args: unknown[]) => written.push(args),
    };
    const cookies = requestCookies([store]);
    expect(cookies.jar.read("sid")).toBe("abc");
    writeSessionCookie(cookies, spec, "auto", "v", 60);
    expect(written).toEqual([
      ["sid", "v", { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 60 }],
    ]);
    writeSessionCookie(requestCookies([store, { secure: false }]), spec, "auto", "v", 60);
    expect(written[1]).toEqual(["sid", "v", expect.objectContaining({ secure: false })]);
  });

  it("read Origin and Host from a Node request", () => {
    const { req, res } = nodeRequest("localhost:3001", {
      origin: "http://localhost:3001",
      cookie: "sid=abc; other=1",
    });
    expect(requestCookies([req, res])).toMatchObject({
      origin: "http://localhost:3001",
      ownOrigin: "http://localhost:3001",
      insecureLocalhost: true,
    });
    expect(requestCookies([req, res]).jar.read("sid")).toBe("abc");
  });
});
