// Read replicas (#12), the session side: two sites sharing the login (one SESSION_PASSWORD, one cookie
// domain), each reading the identity database and its own database from a real streaming standby that
// replays 400 ms behind (@userbridge/testing's replicated pair). The cookie's WAL positions (`p`) keep a
// request from reading a replica that has not replayed what the user's last request wrote, on any site.
import { setTimeout as sleep } from "node:timers/promises";
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createDb, type Db, recordRoutes, runWithRouting } from "@userbridge/db";
import { type ReplicatedPair, startReplicatedPair } from "@userbridge/testing/replication/replicated-pair";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "../test/browser.js";
import { type Auth, createAuth } from "./auth.js";
import { scryptHasher } from "./password.js";
import { createSealer } from "./seal.js";

const PASSWORD = "replicas-session-password-of-32-chars!";
/** Longer than the standby's replay delay: by then it has replayed everything written before. */
const CAUGHT_UP_MS = 900;

interface Site {
  readonly origin: string;
  readonly db: Db<AppClient>;
  readonly auth: Auth;
  readonly trace: ReturnType<typeof recordRoutes>;
}

let pair: ReplicatedPair;
let a: Site;
let b: Site;
const warnings: string[] = [];

function startSite(origin: string, app: string): Site {
  const trace = recordRoutes();
  const warn = (message: string) => warnings.push(message);
  const db = createDb(
    {
      appClient: AppClient,
      sharedDatabaseUrl: pair.primaryUrl("identity"),
      appDatabaseUrl: pair.primaryUrl(app),
      replicas: { shared: [pair.standbyUrl("identity")], app: [pair.standbyUrl(app)] },
      replicaTuning: { pollIntervalMs: 50, maxLagMs: 3_000 },
      onRoute: trace.onRoute,
      warn,
    },
    {},
  );
  const hasher = scryptHasher({ log2N: 10, r: 8, p: 1 });
  const auth = createAuth({
    db,
    password: PASSWORD,
    cookieDomain: ".example.test",
    env: {},
    hasher,
    logger: { warn },
  });
  return { origin, db, auth, trace };
}

beforeAll(async () => {
  pair = await startReplicatedPair({ replayDelayMs: 400 });
  await Promise.all([
    pair.createDatabase("identity", { schema: "shared" }),
    pair.createDatabase("site-a", { schema: "app" }),
    pair.createDatabase("site-b", { schema: "app" }),
  ]);
  a = startSite("https://a.example.test", "site-a");
  b = startSite("https://b.example.test", "site-b");
  await Promise.all([a.db.$replicas.ready(), b.db.$replicas.ready()]);
  // Warm both sites (pools, Prisma's first queries, scrypt, iron): the tests race the 400 ms replay delay.
  const browser = await signupOnA("warm-up@example.test");
  await withoutPositions(browser);
  for (const site of [a, b]) await visit(site, browser, postsPage(site));
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.db.$disconnect(), b?.db.$disconnect()]);
  await pair?.close();
});

/**
 * One request of `browser` to `site`: a fresh routing context (as the adapters give each request), the
 * cookies it sets kept; `served` is each routed call's `model server/reason`.
 */
async function visit<T>(
  site: Site,
  browser: TestBrowser,
  handler: (request: Request, headers: Headers) => Promise<T>,
): Promise<{ result: T; served: string[] }> {
  site.trace.clear();
  const [request, headers] = browser.request(`${site.origin}/page`);
  const result = await runWithRouting({ admin: false }, () => handler(request, headers));
  browser.receive(headers);
  return { result, served: site.trace.decisions.map((d) => `${d.model} ${d.server}/${d.serverReason}`) };
}

/** A page that shows the logged-in user's profile: the session, then a routed identity read. */
const profilePage = (site: Site) => async (request: Request, headers: Headers) => {
  const user = await site.auth.users.getUser(request, headers);
  return { user, profile: user && (await site.db.user.findUnique({ where: { id: user.id } })) };
};

/** The user's profile and how many posts they wrote on this site. */
const postsPage = (site: Site) => async (request: Request, headers: Headers) => {
  const { user } = await profilePage(site)(request, headers);
  return site.db.post.count({ where: { authorId: user?.id ?? "" } });
};

const COOKIE = "userbridge_session";
const sealer = createSealer({ passwords: { 1: PASSWORD }, ttl: 3600, cacheSize: 100, onRejected: () => {} });
const positionsOf = async (browser: TestBrowser) =>
  (await sealer.open(browser.cookies.get(COOKIE) ?? "", Date.now()))?.positions ?? {};

/** The same session, its cookie sealed without `p` (as a site of the version before positions seals it). */
async function withoutPositions(browser: TestBrowser): Promise<TestBrowser> {
  const opened = await sealer.open(browser.cookies.get(COOKIE) ?? "", Date.now());
  if (opened === undefined) throw new Error("no session cookie");
  const stripped = new TestBrowser(browser.base);
  stripped.cookies.set(COOKIE, await sealer.seal(opened.token));
  return stripped;
}

async function signupOnA(email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(a.origin);
  await visit(a, browser, (request, headers) =>
    a.auth.users.signup({ email, password: "correct horse battery" }, request, headers),
  );
  return browser;
}

describe("the session cookie carries read-your-writes across sites, on a lagging standby", () => {
  it("a login on site A followed at once by a page on site B finds its session and its user", async () => {
    const signedUpAt = Date.now();
    const browser = await signupOnA("hop@example.test");
    expect(Object.keys(await positionsOf(browser))).toEqual(["shared"]);

    const onB = await visit(b, browser, profilePage(b));
    expect(onB.result.user?.email).toBe("hop@example.test");
    expect(onB.result.profile?.email).toBe("hop@example.test");
    // The session lookup is raw SQL (always the primary); the profile waits for a replica that has the user.
    expect(onB.served).toEqual(["$raw primary/primary:raw", "user primary/primary:lagging"]);

    // The control: the same session without `p`. B's routed read goes to the replica, which lacks the user.
    const unaware = await visit(b, await withoutPositions(browser), profilePage(b));
    expect(Date.now() - signedUpAt, "ran within the standby's replay delay").toBeLessThan(400);
    expect(unaware.served).toContain("user replica:0/replica");
    expect(unaware.result.profile).toBeNull();
  });

  it("a write carried by carryPositions is read at once on the same site; the other site ignores its key", async () => {
    const browser = await signupOnA("writer@example.test");
    await sleep(CAUGHT_UP_MS);
    const write = await visit(a, browser, async (request, headers) => {
      const user = await a.auth.users.getUser(request, headers);
      const post = await a.db.post.create({ data: { title: "fresh", authorId: user?.id ?? "" } });
      return { post, carried: await a.auth.users.carryPositions(request, headers) };
    });
    expect(write.result.carried).toBe(true);
    const keys = Object.keys(await positionsOf(browser));
    expect(keys).toContain("shared");
    expect(keys.filter((key) => key.startsWith("app:"))).toHaveLength(1);
    const readPost = (site: Site) => async (request: Request, headers: Headers) => {
      await site.auth.users.getUser(request, headers);
      return site.db.post.findUnique({ where: { id: write.result.post.id } });
    };

    const sameSite = await visit(a, browser, readPost(a));
    expect(sameSite.result?.title).toBe("fresh");
    expect(sameSite.served).toContain("post primary/primary:lagging");
    // The control: without `p`, A's replica answers and misses the post.
    const unaware = await visit(a, await withoutPositions(browser), readPost(a));
    expect(unaware.served).toContain("post replica:0/replica");
    expect(unaware.result).toBeNull();
    // B's own database is not A's: A's app key does not hold B's reads back, though the standby lags.
    const otherSite = await visit(b, browser, async (request, headers) => {
      const found = await readPost(b)(request, headers);
      await b.db.post.create({ data: { title: "on b", authorId: "x" } });
      await b.auth.users.carryPositions(request, headers);
      return found;
    });
    expect(otherSite.served.slice(0, 2)).toEqual(["$raw primary/primary:raw", "post replica:0/replica"]);
    // B's cookie adds its own key and keeps A's, for when the browser returns to A.
    const both = Object.keys(await positionsOf(browser));
    expect(both).toEqual(expect.arrayContaining(keys));
    expect(both.filter((key) => key.startsWith("app:"))).toHaveLength(2);
  });

  it("serves clean requests from the replicas once they have caught up", async () => {
    const browser = await signupOnA("reader@example.test");
    await sleep(CAUGHT_UP_MS);
    const served: string[] = [];
    for (let index = 0; index < 50; index++) {
      const site = index % 2 === 0 ? a : b;
      const page = await visit(site, browser, postsPage(site));
      expect(page.result).toBe(0);
      served.push(...page.served);
    }
    // Raw SQL (a cold session cache's lookup) is the primary's by design; every routed read may be a replica's.
    const routed = served.filter((call) => !call.startsWith("$raw "));
    expect(routed).toHaveLength(100);
    const onReplica = routed.filter((call) => call.endsWith(" replica:0/replica"));
    expect(onReplica.length / routed.length).toBeGreaterThanOrEqual(0.95);
    expect(warnings).toEqual([]);
  });
});
