// The comparison: @prisma/extension-read-replicas (0.5.0, for Prisma 7) on a shared-schema PrismaClient, as its
// README configures it: `primary.$extends(readReplicas({ replicas: [replicaClient] }))`, where both are
// PrismaClients over @prisma/adapter-pg (here made by createPrismaClient, as createDb makes its own). Reads
// outside a transaction go to a replica picked at random; writes, raw SQL and transactions to the primary.
// It has no notion of a request or of replication lag: a read right after a write goes to the replica too.
import { readReplicas } from "@prisma/extension-read-replicas";
import { PrismaClient as SharedClient } from "@userbridge/clients/shared";
import { createPrismaClient, type PoolOptions } from "../src/prisma-client.js";

/** What the benchmark calls of the extended client (its full type cannot be named outside this package). */
export interface ExtensionClient {
  readonly user: Pick<SharedClient["user"], "findUnique" | "update">;
  $primary(): Pick<SharedClient, "user">;
  $disconnect(): Promise<void>;
}

export function extensionClient(
  urls: { primary: string; standby: string },
  pool: PoolOptions,
): ExtensionClient {
  const primary = createPrismaClient(SharedClient, urls.primary, pool);
  const replica = createPrismaClient(SharedClient, urls.standby, pool);
  return primary.$extends(readReplicas({ replicas: [replica] })) as unknown as ExtensionClient;
}
