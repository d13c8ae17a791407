// `pnpm bench:session`: resolving a request's user (unseal + the one query) next to one raw Prisma
// findUnique of a User by primary key, interleaved call by call in one process on one database.
// Warm = a returning cookie (unseal cache hit); cold = a first-seen cookie (cache disabled).
// Also scrypt's cost per hash at the OWASP parameters. The last line is the headline (warm).
import { createDb, runWithRouting } from "@userbridge/db";
import { createAuth, OWASP_SCRYPT, scryptHasher } from "../src/index.js";
import { createBenchDatabases } from "./databases.js";

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
    const warmAuth = createAuth(common);
    const coldAuth = createAuth({ ...common, unsealCacheSize: 0 });

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
  } finally {
    await db.$disconnect();
    await databases.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
