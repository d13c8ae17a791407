// The generated Prisma client for one site's own database (prisma/app).

export { createAppClient, type PoolOptions } from "./create-client.js";
export * from "./generated/client.js";
