// The "other site process" of `pnpm bench:session`'s revocation line: its own routed client, session
// cache and LISTEN connection. It warms the cookies it is given, then for each `watch` message polls
// that cookie until it resolves to nobody and reports when (a clock shared across processes).
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createDb, runWithRouting } from "@userbridge/db";
import { createAuth, scryptHasher } from "../src/index.js";

interface Setup {
  readonly sharedUrl: string;
  readonly appUrl: string;
  readonly password: string;
  readonly cookies: readonly string[];
}

const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send?.(message);

process.once("message", async (setup: Setup) => {
  const db = createDb({
    appClient: AppClient,
    sharedDatabaseUrl: setup.sharedUrl,
    appDatabaseUrl: setup.appUrl,
  });
  const auth = createAuth({
    db,
    password: setup.password,
    env: {},
    hasher: scryptHasher({ log2N: 4, r: 8, p: 1 }),
  });
  const requestOf = (cookie: string) =>
    new Request("http://localhost/me", { headers: { cookie: `userbridge_session=${cookie}` } });
  const resolve = (cookie: string) =>
    runWithRouting({ admin: false }, () => auth.users.getUser(requestOf(cookie), new Headers()));
  while (!db.$sessionChanges.live) await new Promise((done) => setTimeout(done, 10));
  for (const cookie of setup.cookies) await resolve(cookie);
  process.on("message", async (message: { watch?: number; stop?: true }) => {
    if (message.stop) {
      await db.$disconnect();
      process.exit(0);
    }
    const cookie = setup.cookies[message.watch as number] as string;
    if ((await resolve(cookie)) === null) throw new Error("bench: the watched session is not logged in");
    send({ watching: message.watch });
    // Poll the cache, yielding to I/O between polls so the notification can arrive.
    while ((await resolve(cookie)) !== null) await new Promise((done) => setImmediate(done));
    send({ seen: message.watch, at: now() });
  });
  send({ ready: true });
});
