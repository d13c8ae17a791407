// 10,000 interleaved requests, one third admin, through routingMiddleware on a real node:http
// server, with awaits, timers, Promise.all, emitter and stream callbacks and pool waits (pool of 2):
// every row must land in the database its request's admin flag implies.
import { EventEmitter, once } from "node:events";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { useSiteDb } from "../test/site-db.ts";
import { routingMiddleware } from "./index.js";

const REQUESTS = 10_000;
const CLIENT_CONCURRENCY = 64;

// Pool waits: two connections per database for 64 concurrent requests.
const site = useSiteDb({ pool: { max: 2, connectionTimeoutMillis: 60_000 } });
let server: Server;

/** Everything that may lose an AsyncLocalStorage store, between the request and its write. */
async function handle(id: string, body: string): Promise<void> {
  await sleep(Number(id) % 3);
  await Promise.all([Promise.resolve(), new Promise((resolve) => setImmediate(resolve)), sleep(0)]);
  const emitter = new EventEmitter();
  const emitted = once(emitter, "ready");
  process.nextTick(() => emitter.emit("ready"));
  await emitted;
  let streamed = "";
  await pipeline(
    Readable.from([body.slice(0, 4), body.slice(4)]),
    new Writable({
      write(chunk, _encoding, callback) {
        streamed += chunk;
        setImmediate(callback);
      },
    }),
  );
  await site.db.user.create({ data: { email: streamed } });
}

beforeAll(async () => {
  const middleware = routingMiddleware();
  server = createServer((req, res) => {
    middleware(req, res, () => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        const id = new URL(req.url ?? "/", "http://x").searchParams.get("id") ?? "";
        handle(id, body).then(
          () => res.end("ok"),
          (error: unknown) => {
            res.statusCode = 500;
            res.end(String(error));
          },
        );
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(() => {
  server?.close();
});

function post(port: number, agent: Agent, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

it(`routes ${REQUESTS} interleaved requests without a single misrouted row`, {
  timeout: 300_000,
}, async () => {
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENT_CONCURRENCY });
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const id = next++;
      const admin = id % 3 === 0;
      const path = `${admin ? "/admin/stress" : "/stress"}?id=${id}`;
      statuses.push(await post(port, agent, path, `${id}-${admin ? "admin" : "site"}@stress.test`));
    }
  };
  await Promise.all(Array.from({ length: CLIENT_CONCURRENCY }, worker));
  agent.destroy();

  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  const misroutedToShared = await site.db
    .$using("shared")
    .user.count({ where: { email: { contains: "-admin@" } } });
  const misroutedToApp = await site.db.$using("app").user.count({ where: { email: { contains: "-site@" } } });
  const total = (await site.db.$using("shared").user.count()) + (await site.db.$using("app").user.count());
  console.log(
    `isolation stress: ${REQUESTS} requests, ${total} rows, misrouted rows: ${misroutedToShared + misroutedToApp}`,
  );
  expect({ misroutedToShared, misroutedToApp, total }).toEqual({
    misroutedToShared: 0,
    misroutedToApp: 0,
    total: REQUESTS,
  });
});
