// Runs the built example (`next start`) against given databases, and a minimal cookie-keeping client.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { freePort } from "@userbridge/testing/free-port";

export const appDir = fileURLToPath(new URL("..", import.meta.url));

/** Why the built app is missing, or undefined when `.next` holds a production build. */
export function buildMissing(): string | undefined {
  return existsSync(`${appDir}/.next/BUILD_ID`)
    ? undefined
    : "packages/example-next has no production build: run `pnpm build` (or `pnpm --filter @userbridge/example-next build`)";
}

export interface NextServer {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

function spawnNext(env: Record<string, string | undefined>, port: number): ChildProcess {
  const nextBin = createRequire(`${appDir}/package.json`).resolve("next/dist/bin/next");
  return spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appDir,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

/**
 * Starts `next start` with `env` (an `undefined` value unsets the variable) and waits for it to exit by
 * itself, as it must on bad configuration; killed after `timeoutMs` if it does not.
 */
export async function nextStartExit(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string; ms: number }> {
  const started = performance.now();
  const child = spawnNext(env, await freePort());
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exit) => resolve(exit)));
  clearTimeout(timer);
  return { code, output, ms: performance.now() - started };
}

export async function startNext(env: Record<string, string>): Promise<NextServer> {
  const port = await freePort();
  const child = spawnNext(env, port);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), "SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`userbridge test: next start exited:\n${output}`);
    const up = await fetch(`${url}/api/me`).then(
      () => true,
      () => false,
    );
    if (up) return { url, output: () => output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`userbridge test: next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Keeps cookies by name (one host, paths ignored except for clearing): enough for these tests. */
export class CookieClient {
  readonly #cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  /** The `cookie` header this client would send, for a request made without it (rawRequest). */
  cookieHeader(): Record<string, string> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return cookie ? { cookie } : {};
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const { cookie } = this.cookieHeader();
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1);
      if (value === "" || /;\s*max-age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.base },
      body: JSON.stringify(body),
    });
  }

  /** Submits the server-action form of `page` whose button reads `button`, as a browser without JS would. */
  async submitAction(page: string, button: string, fields: Record<string, string> = {}): Promise<Response> {
    const html = await (await this.fetch(page)).text();
    const forms = html.split("<form").slice(1);
    const form = forms.find((candidate) => candidate.includes(`>${button}</button>`));
    const actionId = form && /name="(\$ACTION_ID_[^"]+)"/.exec(form)?.[1];
    if (!actionId) throw new Error(`userbridge test: no server-action form "${button}" on ${page}:\n${html}`);
    const body = new FormData();
    body.set(actionId, "");
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return this.fetch(page, { method: "POST", headers: { origin: this.base }, body });
  }
}

/**
 * One HTTP request with `path` sent exactly as written: fetch() would resolve dot segments and
 * re-encode, hiding the very spellings the routing tests send.
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, method, path, headers: options.headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}
