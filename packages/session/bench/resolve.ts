// `pnpm bench:session`: resolving a request's user (unseal + the one query) next to one raw Prisma
// findUnique of a User by primary key, interleaved call by call in one process on one database.
// Warm = a returning cookie (unseal cache hit, one query); cold = a first-seen cookie (unseal cache
// disabled); cached = the session cache on (no query). Also: how soon another process sees a logout,
// throughput at concurrency 16, and GET /me over HTTP on a demo site at 64 connections, authenticated
// vs anonymous. Also scrypt's cost per hash at the OWASP parameters.
import { fork } from "node:child_process";
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createDb, runWithRouting } from "@userbridge/db";
import { startSite } from "../../demo/src/sites/site.js";
import { createAuth, OWASP_SCRYPT, scryptHasher } from "../src/index.js";
import { createBenchDatabases } from "./databases.js";
import { load } from "./load.js";

const SESSIONS = 200;
const WARMUP = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5000);
const PASSWORD = "bench-password-bench-password-bench";
const COOKIE = "userbridge_session";

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

const us = (value: number) => value.toFixed(0);

async function scryptMsPerHash(samples = 5): Promise<number> {
  const hasher = scryptHasher(OWASP_SCRYPT);
  await hasher.hash("warm-up");
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await hasher.hash(`password-${i}`);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

async function main(): Promise<void> {
  const databases = await createBenchDatabases();
  const db = createDb({
    appClient: AppClient,
    sharedDatabaseUrl: databases.sharedUrl,
    appDatabaseUrl: databases.appUrl,
    pool: { max: 10, connectionTimeoutMillis: 10_000 },
  });
  try {
    const common = {
      db,
      password: PASSWORD,
      env: {},
      hasher: scryptHasher({ log2N: 4, r: 8, p: 1 }),
    } as const;
    const warmAuth = createAuth({ ...common, sessionCache: false });
    const coldAuth = createAuth({ ...common, unsealCacheSize: 0, sessionCache: false });
    const cachedAuth = createAuth(common);
    while (!db.$sessionChanges.live) await new Promise((resolve) => setTimeout(resolve, 10));

    const cookies: string[] = [];
    const userIds: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const headers = new Headers();
      const user = await warmAuth.users.signup(
        { email: `bench${i}@example.test`, password: "bench-password" },
        new Request("http://localhost/signup"),
        headers,
      );
      cookies.push(/^userbridge_session=([^;]+)/.exec(headers.getSetCookie()[0] ?? "")?.[1] as string);
      userIds.push(user.id);
    }
    const requests = cookies.map(
      (value) => new Request("http://localhost/me", { headers: { cookie: `${COOKIE}=${value}` } }),
    );
    const shared = db.$using("shared");

    const series = {
      findUnique: [] as number[],
      warm: [] as number[],
      cold: [] as number[],
      cached: [] as number[],
    };
    const calls: Record<keyof typeof series, (i: number) => Promise<unknown>> = {
      findUnique: (i) => shared.user.findUnique({ where: { id: userIds[i % SESSIONS] as string } }),
      // Each resolve runs in its own routing context, as routingMiddleware gives every request.
      warm: (i) =>
        runWithRouting({ admin: false }, () =>
          warmAuth.users.getUser(requests[i % SESSIONS] as Request, new Headers()),
        ),
      cold: (i) =>
        runWithRouting({ admin: false }, () =>
          coldAuth.users.getUser(requests[i % SESSIONS] as Request, new Headers()),
        ),
      cached: (i) =>
        runWithRouting({ admin: false }, () =>
          cachedAuth.users.getUser(requests[i % SESSIONS] as Request, new Headers()),
        ),
    };
    const names = Object.keys(series) as (keyof typeof series)[];
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      // Rotate the order so no side always runs first or last.
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length] as keyof typeof series;
        const started = performance.now();
        const result = await calls[name](i);
        const elapsed = (performance.now() - started) * 1000;
        if (result === null) throw new Error(`bench:session: ${name} resolved no user`);
        if (i >= WARMUP) series[name].push(elapsed);
      }
    }

    const base = percentile(series.findUnique, 50);
    const line = (label: string, values: number[]) =>
      `${label}: p50 ${us(percentile(values, 50))} us, p99 ${us(percentile(values, 99))} us; ratio to one findUnique: ${(percentile(values, 50) / base).toFixed(2)}`;

    console.log(
      `bench:session on Node ${process.version}: ${ROUNDS} rounds after ${WARMUP} warm-up, ${SESSIONS} sessions, interleaved`,
    );
    console.log(`scrypt N=2^17 r=8 p=1: ${(await scryptMsPerHash()).toFixed(0)} ms per hash (median of 5)`);
    console.log(
      `one findUnique (raw client, User by id): p50 ${us(base)} us, p99 ${us(percentile(series.findUnique, 99))} us`,
    );
    console.log(line("session resolve, cold (first-seen cookie)", series.cold));
    console.log(line("session resolve", series.warm));
    console.log(line("session resolve (cached)", series.cached));

    const throughput = async (call: (i: number) => Promise<unknown>, total = 20_000, concurrency = 16) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) await call(next++);
        }),
      );
      return total / ((performance.now() - started) / 1000);
    };
    const findUniqueOps = await throughput(calls.findUnique);
    const cachedOps = await throughput(calls.cached);
    console.log(
      `throughput at concurrency 16: findUnique ${findUniqueOps.toFixed(0)} ops/s, session resolve (cached) ${cachedOps.toFixed(0)} ops/s (${(cachedOps / findUniqueOps).toFixed(1)}x)`,
    );

    const revocation = await revocationSeenByAnotherProcess(databases, cookies, cachedAuth);
    console.log(
      `revocation seen by another process: p50 ${revocation.p50.toFixed(1)} ms, p99 ${revocation.p99.toFixed(1)} ms (${revocation.samples} logouts)`,
    );

    const http = await httpOnADemoSite(databases);
    console.log(
      `GET /me over HTTP, 64 connections: authenticated (cached) ${http.authenticated.toFixed(0)} req/s, anonymous (401) ${http.anonymous.toFixed(0)} req/s, ratio ${(http.authenticated / http.anonymous).toFixed(2)}; uncached ${http.uncached.toFixed(0)} req/s, ratio ${(http.uncached / http.anonymous).toFixed(2)}`,
    );
  } finally {
    await db.$disconnect();
    await databases.drop();
  }
}

/** Logs out through this process and times how soon a second process (its own cache) sees it. */
async function revocationSeenByAnotherProcess(
  databases: { sharedUrl: string; appUrl: string },
  cookies: readonly string[],
  auth: ReturnType<typeof createAuth>,
  samples = 100,
): Promise<{ p50: number; p99: number; samples: number }> {
  const child = fork(new URL("./revocation-watcher.ts", import.meta.url), { execArgv: process.execArgv });
  const messages: Array<(message: Record<string, unknown>) => boolean> = [];
  child.on("message", (message: Record<string, unknown>) => {
    const waiter = messages.findIndex((accept) => accept(message));
    if (waiter !== -1) messages.splice(waiter, 1);
  });
  const next = (key: string) =>
    new Promise<Record<string, unknown>>((resolve) =>
      messages.push((message) => {
        if (!(key in message)) return false;
        resolve(message);
        return true;
      }),
    );
  const ready = next("ready");
  child.send({ ...databases, password: PASSWORD, cookies: cookies.slice(0, samples) });
  await ready;
  const delays: number[] = [];
  for (let i = 0; i < samples; i++) {
    const watching = next("watching");
    child.send({ watch: i });
    await watching;
    const seen = next("seen");
    const request = new Request("http://localhost/logout", {
      method: "POST",
      headers: { cookie: `${COOKIE}=${cookies[i]}` },
    });
    await runWithRouting({ admin: false }, () => auth.users.logout(request, new Headers()));
    const loggedOutAt = performance.timeOrigin + performance.now();
    const { at } = (await seen) as { at: number };
    delays.push(Math.max(0, at - loggedOutAt));
  }
  child.send({ stop: true });
  return { p50: percentile(delays, 50), p99: percentile(delays, 99), samples };
}

/** A demo site, and GET /me at 64 connections: authenticated (cache on, then off) and anonymous. */
async function httpOnADemoSite(databases: { sharedUrl: string; appUrl: string }) {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
  const run = async (sessionCache: boolean) => {
    const site = await startSite({
      site: "old",
      sharedDatabaseUrl: databases.sharedUrl,
      appDatabaseUrl: databases.appUrl,
      session: {
        password: PASSWORD,
        env: {},
        hasher: scryptHasher({ log2N: 4, r: 8, p: 1 }),
        ...(sessionCache ? {} : { sessionCache: false }),
      },
    });
    try {
      while (sessionCache && !site.db.$sessionChanges.live)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const response = await fetch(`${site.url}/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `http-${sessionCache}@example.test`, password: "bench-password" }),
      });
      const cookie = (response.headers.getSetCookie()[0] ?? "").split(";", 1)[0] as string;
      const url = `${site.url.replace("localhost", "127.0.0.1")}/me`;
      const common = { url, connections: 64, seconds };
      const anonymous = await load({ ...common, status: 401 });
      const authenticated = await load({ ...common, cookie, status: 200 });
      if (anonymous.unexpected + authenticated.unexpected > 0)
        throw new Error("bench: unexpected statuses under load");
      return { anonymous: anonymous.requestsPerSecond, authenticated: authenticated.requestsPerSecond };
    } finally {
      await site.close();
    }
  };
  const cached = await run(true);
  const uncached = await run(false);
  return { ...cached, uncached: uncached.authenticated };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
