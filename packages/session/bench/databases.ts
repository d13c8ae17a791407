// Throwaway migrated databases for the benchmark, on BENCH_DATABASE_URL (default: local PostgreSQL).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { runPrisma } from "../../../scripts/prisma.ts";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchDatabases {
  readonly sharedUrl: string;
  readonly appUrl: string;
  drop(): Promise<void>;
}

export async function createBenchDatabases(): Promise<BenchDatabases> {
  const suffix = randomBytes(4).toString("hex");
  const names = { shared: `ub_bench_session_shared_${suffix}`, app: `ub_bench_session_app_${suffix}` };
  const urlOf = (name: string) => Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();
  for (const name of Object.values(names)) await onServer(`CREATE DATABASE "${name}"`);
  const databases = {
    sharedUrl: urlOf(names.shared),
    appUrl: urlOf(names.app),
    async drop() {
      for (const name of Object.values(names))
        await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
  const env = {
    ...process.env,
    SHARED_DATABASE_URL: databases.sharedUrl,
    APP_DATABASE_URL: databases.appUrl,
  };
  for (const schema of ["shared", "app"] as const) {
    if (runPrisma(schema, ["migrate", "deploy"], env, "ignore") !== 0) {
      await databases.drop();
      throw new Error(`bench:session: migrating the ${schema} database failed`);
    }
  }
  return databases;
}
