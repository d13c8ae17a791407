import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { PrismaClient } from "./generated/client.js";

/** node-postgres pool settings (`max`, `connectionTimeoutMillis`, `idleTimeoutMillis`, ...). */
export type PoolOptions = Omit<PoolConfig, "connectionString">;

/**
 * A PrismaClient for one site's own database (prisma/app) over @prisma/adapter-pg.
 * @param connectionString `postgresql://user:password@host:port/database`
 * @param pool pool settings; pg's own defaults apply to what is left out (note: it waits forever for a connection).
 */
export function createAppClient(connectionString: string, pool: PoolOptions = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ ...pool, connectionString }) });
}
