import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool, PoolConfig } from "pg";

/** node-postgres pool settings (`max`, `connectionTimeoutMillis`, `idleTimeoutMillis`, ...). */
export type PoolOptions = Omit<PoolConfig, "connectionString">;

/** A generated PrismaClient class (`import { PrismaClient } from "@userbridge/clients/<schema>"`). */
export type PrismaClientClass<Client> = new (options: { adapter: PrismaPg }) => Client;

/**
 * A client of any generated schema over @prisma/adapter-pg: the one factory for every database.
 * @param connection `postgresql://user:password@host:port/database`, or a pg Pool (which the client
 *   then owns and ends on $disconnect; it must come from the same `pg` as @prisma/adapter-pg's).
 * @param pool pool settings for a connection string; pg's defaults apply to what is left out
 *   (note: pg waits forever for a free connection unless `connectionTimeoutMillis` is set).
 * @example const shared = createPrismaClient(PrismaClient, process.env.SHARED_DATABASE_URL);
 */
export function createPrismaClient<Client>(
  PrismaClient: PrismaClientClass<Client>,
  connection: string | Pool,
  pool: PoolOptions = {},
): Client {
  const adapter =
    typeof connection === "string"
      ? new PrismaPg({ ...pool, connectionString: connection })
      : new PrismaPg(connection, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
