// A small HTTP load generator in a worker thread (so it does not share the server's event loop):
// `connections` keep-alive connections, each sending GET requests back to back for `seconds`.
import { Agent, request } from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

export interface LoadOptions {
  readonly url: string;
  readonly cookie?: string;
  readonly connections: number;
  readonly seconds: number;
  /** The status every answer must have. */
  readonly status: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly unexpected: number;
}

async function generate(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const { hostname, port, pathname } = new URL(options.url);
  const headers = options.cookie ? { cookie: options.cookie } : {};
  const deadline = performance.now() + options.seconds * 1000;
  let done = 0;
  let unexpected = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: hostname, port, path: pathname, agent, headers }, (res) => {
        if (res.statusCode !== options.status) unexpected++;
        res.resume();
        res.on("end", () => resolve());
      });
      req.on("error", reject);
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return { requestsPerSecond: done / ((performance.now() - started) / 1000), unexpected };
}

/** Runs the load from a worker thread and returns what it measured. */
export function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: options, execArgv: process.execArgv });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

if (!isMainThread) {
  generate(workerData as LoadOptions).then((result) => parentPort?.postMessage(result));
}
