import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool, PoolConfig } from "pg";
import { PrismaClient } from "./generated/client.js";

/** node-postgres pool settings (`max`, `connectionTimeoutMillis`, `idleTimeoutMillis`, ...). */
export type PoolOptions = Omit<PoolConfig, "connectionString">;

/**
 * A PrismaClient for the shared identity database (prisma/shared) over @prisma/adapter-pg.
 * @param connection `postgresql://user:password@host:port/database`, or a pg Pool (which the client
 *   then owns and ends on $disconnect; it must come from the same `pg` as @prisma/adapter-pg's).
 * @param pool pool settings for a connection string; pg's defaults apply to what is left out
 *   (note: pg waits forever for a free connection unless `connectionTimeoutMillis` is set).
 */
export function createSharedClient(connection: string | Pool, pool: PoolOptions = {}): PrismaClient {
  const adapter =
    typeof connection === "string"
      ? new PrismaPg({ ...pool, connectionString: connection })
      : new PrismaPg(connection, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
