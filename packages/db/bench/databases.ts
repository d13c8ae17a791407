// Throwaway, migrated databases for the benchmarks, on BENCH_DATABASE_URL (default: local PostgreSQL).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { runPrisma } from "../../../scripts/prisma.ts";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabases {
  sharedUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

export async function createBenchDatabases(): Promise<BenchDatabases> {
  const suffix = randomBytes(4).toString("hex");
  const names = { shared: `ub_bench_shared_${suffix}`, app: `ub_bench_app_${suffix}` };
  const urlOf = (name: string) => {
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    return url.toString();
  };
  await admin(async (client) => {
    for (const name of Object.values(names)) await client.query(`CREATE DATABASE "${name}"`);
  });
  const env = {
    ...process.env,
    SHARED_DATABASE_URL: urlOf(names.shared),
    APP_DATABASE_URL: urlOf(names.app),
  };
  for (const schema of ["shared", "app"] as const) {
    if (runPrisma(schema, ["migrate", "deploy"], env, "ignore") !== 0)
      throw new Error(`benchmark: migrating ${schema} failed`);
  }
  return {
    sharedUrl: urlOf(names.shared),
    appUrl: urlOf(names.app),
    drop: () =>
      admin(async (client) => {
        for (const name of Object.values(names))
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
