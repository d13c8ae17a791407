// The generated Prisma client for the shared identity database (prisma/shared).

export { createSharedClient, type PoolOptions } from "./create-client.js";
export * from "./generated/client.js";
