// (c) child process: raw findUnique latency, in a process that never enters an AsyncLocalStorage
// store ("none") or one that enters one per request, as the middleware does ("store").
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaClient } from "@userbridge/clients/shared";
import { createPrismaClient } from "../src/prisma-client.js";
import { median } from "./stats.js";

const [mode, url] = process.argv.slice(2) as ["none" | "store", string];
const client = createPrismaClient(PrismaClient, url, { max: 10 });
const ids = (await client.user.findMany({ select: { id: true }, take: 1000 })).map((user) => user.id);
const storage = mode === "store" ? new AsyncLocalStorage<{ admin: boolean }>() : undefined;

const latencies: number[] = [];
for (let i = 0; i < 3000; i++) {
  const id = ids[i % ids.length] as string;
  const started = performance.now();
  if (storage) await storage.run({ admin: false }, () => client.user.findUnique({ where: { id } }));
  else await client.user.findUnique({ where: { id } });
  if (i >= 500) latencies.push((performance.now() - started) * 1000);
}
await client.$disconnect();
process.stdout.write(JSON.stringify({ node: process.version, mode, p50: median(latencies) }));
