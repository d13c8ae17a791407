// A cookie-keeping HTTP client that behaves like one browser for the demo's purposes: cookies are
// per host name (not per port, as in browsers: localhost and 127.0.0.1 are two hosts), sent when their
// Path matches, dropped on Max-Age=0.
import { request as httpRequest } from "node:http";

interface StoredCookie {
  readonly host: string;
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export interface PostOptions {
  /** Send as an HTML form would (urlencoded) instead of JSON. */
  readonly form?: boolean;
  readonly headers?: Record<string, string>;
}

export class Browser {
  readonly #cookies = new Map<string, StoredCookie>();

  /** The value of a cookie by name (first match), as a site set it. */
  cookie(name: string): string | undefined {
    return [...this.#cookies.values()].find((cookie) => cookie.name === name)?.value;
  }

  /** Puts a cookie in the jar, e.g. to replay one copied from another browser. @default host "*" (every host) */
  setCookie(name: string, value: string, path = "/", host = "*"): void {
    this.#cookies.set(`${host};${name};${path}`, { host, name, value, path });
  }

  /** The Cookie header for `url` (or a path on localhost). */
  cookieHeader(url: string): string {
    const { hostname, pathname } = new URL(url, "http://localhost");
    return [...this.#cookies.values()]
      .filter(
        (cookie) =>
          (cookie.host === "*" || cookie.host === hostname) &&
          (pathname === cookie.path || pathname.startsWith(cookie.path === "/" ? "/" : `${cookie.path}/`)),
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) this.#store(new URL(url).hostname, line);
    return response;
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(url, { headers });
  }

  post(
    url: string,
    body: Record<string, string> | undefined = undefined,
    options: PostOptions = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    let payload: string | undefined;
    if (body !== undefined && options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(body).toString();
    } else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    return this.fetch(url, { method: "POST", headers, ...(payload !== undefined && { body: payload }) });
  }

  #store(host: string, line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const index = pair.indexOf("=");
    const name = pair.slice(0, index);
    const value = pair.slice(index + 1);
    const path = attributes.find((attribute) => /^path=/i.test(attribute))?.slice(5) ?? "/";
    const expired = attributes.some((attribute) => /^max-age=(0|-\d+)$/i.test(attribute));
    const key = `${host};${name};${path}`;
    if (expired || value === "") this.#cookies.delete(key);
    else this.#cookies.set(key, { host, name, value, path });
  }
}

/** A GET with the path and headers sent exactly as written (fetch would normalize the path, and never send Host). */
export function rawRequest(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The status of a GET with the path sent exactly as written. */
export async function rawGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return (await rawRequest(base, path, headers)).status;
}
