// Read replicas (#12): the session cookie carries the WAL positions of a request's writes to the user's
// next request, on any site, which observes them before its session lookup. db.$causal is the fake in
// test/memory-client.ts: each database's primary position moves on with every write.
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { sealData, unsealData } from "iron-session";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { TestBrowser } from "../test/browser.js";
import { fakeFeed } from "../test/fake-feed.js";
import { formatLsn, type MemoryDb, memoryDb } from "../test/memory-client.js";
import { type AuthOptions, createAuth } from "./auth.js";
import { resolveSessionConfig } from "./config.js";
import { createHandoff } from "./handoff.js";
import type { HandoffStore } from "./handoff-store.js";
import { scryptHasher } from "./password.js";
import { MAX_POSITIONS, mergePositions, positionCarrier, readPositions, samePositions } from "./positions.js";
import { createSealer } from "./seal.js";
import { prismaIdentityStore } from "./store.js";
import { hashSessionToken, newSessionToken } from "./token.js";

const PASSWORD = "p".repeat(32);
const COOKIE = "userbridge_session";
const cheap = scryptHasher({ log2N: 10, r: 8, p: 1 });
const ADA = { email: "ada@example.com", password: "analytical-engine", name: "Ada" };

interface Content {
  v: number;
  t: string;
  p?: Record<string, string>;
}
const contentOf = (cookie: string | undefined) =>
  unsealData<Content>(cookie as string, { password: { 1: PASSWORD } });
const reseal = (content: object, ttl = 3600) => sealData(content, { password: { 1: PASSWORD }, ttl });
/** iron's expiration (epoch ms), the seal's 6th `*`-separated part. */
const sealExpiration = (cookie: string) => Number(cookie.split("~", 1)[0]?.split("*")[5]);
const maxAgeOf = (line: string | undefined) => Number(/Max-Age=(\d+)/.exec(line ?? "")?.[1]);

function site(db: MemoryDb, options: Partial<AuthOptions> = {}) {
  const clock = { now: Date.now() };
  const warn = vi.fn();
  const auth = createAuth({
    db,
    password: PASSWORD,
    hasher: cheap,
    now: () => clock.now,
    logger: { warn },
    env: {},
    loginThrottle: false,
    ...options,
  });
  return { db, auth, clock, warn, causal: db.$causal as NonNullable<MemoryDb["$causal"]> };
}

type Auth = ReturnType<typeof createAuth>;

async function signup(auth: Auth, browser = new TestBrowser()) {
  const [request, headers] = browser.request("/signup");
  const user = await auth.users.signup(ADA, request, headers);
  browser.receive(headers);
  return { browser, user };
}

/** A GET of `path` that carries the positions afterwards: the headers it answered with. */
async function carry(auth: Auth, browser: TestBrowser, path = "/posts") {
  const [request, headers] = browser.request(path);
  const wrote = await auth.users.carryPositions(request, headers);
  browser.receive(headers);
  return { wrote, setCookies: headers.getSetCookie() };
}

/** A site's own write (a post, say), on its own database, as a route handler would make it. */
const writeOwn = (db: MemoryDb, email = `post-${Math.random()}@example.com`) =>
  db.$pinned("app").user.create({
    data: { email, name: null, passwordHash: "x" },
    select: { id: true, email: true, name: true },
  });

describe("positions, as a cookie carries them", () => {
  it("keeps at most 8 entries of short keys with WAL position texts, and nothing else", () => {
    expect(readPositions({ shared: "16/B374D848", "app:a": "0/1", x: "ffffffff/ffffffff" })).toEqual({
      shared: "16/B374D848",
      "app:a": "0/1",
      x: "ffffffff/ffffffff",
    });
    expect(
      readPositions({
        ["k".repeat(33)]: "1/1", // key longer than 32
        "": "1/1",
        "with space": "1/1",
        a: "123456789/1", // a half of 9 digits: 18 characters
        b: "16/B374D848 ",
        ok: "0/0",
      }),
    ).toEqual({ ok: "0/0" });
    expect(
      readPositions({
        c: "16-B374D848",
        d: "1/2/3",
        e: "0x16/1",
        f: 1,
        g: null,
        h: { lsn: "1/1" },
        ok: "0/0",
      }),
    ).toEqual({ ok: "0/0" });
    const nine = Object.fromEntries(Array.from({ length: MAX_POSITIONS + 1 }, (_, i) => [`db${i}`, "1/1"]));
    expect(readPositions(nine)).toEqual({});
    for (const junk of [null, undefined, "1/1", 7, ["1/1"], [["shared", "1/1"]]]) {
      expect(readPositions(junk)).toEqual({});
    }
  });

  it('keeps "__proto__" an ordinary key, never a prototype', () => {
    const positions = readPositions(JSON.parse('{"__proto__": "1/1", "shared": "2/2"}'));
    expect(Object.getPrototypeOf(positions)).toBe(Object.prototype);
    expect(Object.keys(positions).sort()).toEqual(["__proto__", "shared"]);
    expect(({} as Record<string, unknown>).shared).toBeUndefined();
  });

  it("merges this request's positions with the previous cookie's: the later per key, other sites' kept", () => {
    expect(
      mergePositions({ shared: "16/B3740100", "app:b": "2/100" }, { shared: "16/B3740200", "app:a": "3/0" }),
    ).toEqual({ shared: "16/B3740200", "app:b": "2/100", "app:a": "3/0" });
    const previous = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`old${i}`, "1/1"]));
    const merged = mergePositions({ shared: "2/0", "app:b": "2/0" }, previous);
    expect(Object.keys(merged)).toEqual(["shared", "app:b", "old0", "old1", "old2", "old3", "old4", "old5"]);
    expect(mergePositions({}, {})).toEqual({});
  });

  it("compares positions by value", () => {
    expect(samePositions({ shared: "16/b374d848" }, { shared: "16/B374D848" })).toBe(true);
    expect(samePositions({ shared: "16/B374D848" }, { shared: "16/B374D849" })).toBe(false);
    expect(samePositions({ shared: "1/1" }, { shared: "1/1", app: "1/1" })).toBe(false);
    expect(samePositions({}, {})).toBe(true);
  });
});

describe("the sealed cookie", () => {
  const sealer = () =>
    createSealer({ passwords: { 1: PASSWORD }, ttl: 3600, cacheSize: 10, onRejected() {} });

  it("holds `p` only when there are positions", async () => {
    const token = newSessionToken();
    expect(await contentOf(await sealer().seal(token))).toEqual({ v: 1, t: token });
    expect(await contentOf(await sealer().seal(token, { positions: {} }))).toEqual({ v: 1, t: token });
    expect(await contentOf(await sealer().seal(token, { positions: { shared: "16/B374D848" } }))).toEqual({
      v: 1,
      t: token,
      p: { shared: "16/B374D848" },
    });
  });

  it("is still version 1: a site of the previous version accepts a cookie with positions", async () => {
    // The previous version's schema, verbatim: zod strips the unknown `p`.
    const previousVersion = z.object({ v: z.literal(1), t: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/) });
    const cookie = await sealer().seal(newSessionToken(), { positions: { shared: "16/B374D848" } });
    expect(previousVersion.safeParse(await contentOf(cookie)).success).toBe(true);
  });

  it("opens a cookie sealed before positions existed, with none", async () => {
    const token = newSessionToken();
    const opened = await sealer().open(await reseal({ v: 1, t: token }), Date.now());
    expect(opened).toMatchObject({ token, tokenHash: hashSessionToken(token), positions: {} });
  });

  it("ignores malformed positions, never the token", async () => {
    const token = newSessionToken();
    for (const p of [
      "16/B374D848",
      ["16/B374D848"],
      Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`db${i}`, "1/1"])),
      { shared: "not a position" },
    ]) {
      const opened = await sealer().open(await reseal({ v: 1, t: token, p }), Date.now());
      expect(opened).toMatchObject({ tokenHash: hashSessionToken(token), positions: {} });
    }
    const partly = await sealer().open(
      await reseal({ v: 1, t: token, p: { shared: "1/1", x: 5 } }),
      Date.now(),
    );
    expect(partly?.positions).toEqual({ shared: "1/1" });
  });

  it("seals with its own ttl when given one", async () => {
    const before = Date.now();
    const cookie = await sealer().seal(newSessionToken(), { ttl: 120 });
    expect(sealExpiration(cookie)).toBeGreaterThanOrEqual(before + 120_000);
    expect(sealExpiration(cookie)).toBeLessThanOrEqual(Date.now() + 120_000);
    expect((await sealer().open(cookie, Date.now()))?.expiresAt).toBe(sealExpiration(cookie));
  });
});

describe("the session API with db.$causal", () => {
  it("signup seals the identity database's position, read after the session row", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    const { browser } = await signup(auth);
    const content = await contentOf(browser.cookies.get(COOKIE));
    expect(content.p).toEqual({ shared: formatLsn(db.shared.wal) });
    expect(db.log.lastIndexOf("shared:session.create")).toBeLessThan(db.log.indexOf("causal.carry"));
    // One position query: the identity database, the only one written.
    expect(causal.positionQueries).toBe(1);
  });

  it("login observes the previous cookie's positions before looking the user up, and seals the new ones", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    const { browser } = await signup(auth);
    const first = await contentOf(browser.cookies.get(COOKIE));
    causal.nextRequest();
    db.log.length = 0;
    const [request, headers] = browser.request("/login");
    await auth.users.login(ADA, request, headers);
    browser.receive(headers);
    expect(causal.observed).toEqual([first.p]);
    expect(db.log.indexOf("causal.observe")).toBeLessThan(db.log.indexOf("shared:user.findUnique"));
    const second = await contentOf(browser.cookies.get(COOKIE));
    expect(second.t).not.toBe(first.t);
    expect(second.p).toEqual({ shared: formatLsn(db.shared.wal) });
    expect(BigInt(db.shared.wal)).toBeGreaterThan(0x16_b3740000n);
  });

  it("getUser observes the cookie's positions before the session lookup", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    const { browser, user } = await signup(auth);
    const { p } = await contentOf(browser.cookies.get(COOKIE));
    causal.nextRequest();
    db.log.length = 0;
    expect(await auth.users.getUser(...browser.request("/me"))).toEqual(user);
    expect(db.log).toEqual(["causal.observe", "shared:$queryRaw"]);
    expect(causal.observed.at(-1)).toEqual(p);
    expect(formatLsn(causal.required.get("shared") as bigint)).toBe(p?.shared);
  });

  it("observes them on the session cache's path too, where no query is sent", async () => {
    const db = Object.assign(memoryDb({ causal: true }), { $sessionChanges: fakeFeed() });
    const { auth, causal } = site(db);
    const { browser } = await signup(auth);
    await auth.users.getUser(...browser.request("/me"));
    causal.nextRequest();
    db.log.length = 0;
    expect(await auth.users.getUser(...browser.request("/me"))).toMatchObject({ email: ADA.email });
    expect(db.log).toEqual(["causal.observe"]);
    expect(causal.required.get("shared")).toBe(db.shared.wal);
  });

  it("a login on site A is found on site B at once; each site's own position travels, the other's kept", async () => {
    const a = site(memoryDb({ causal: { appKey: "app:a" } }), { cookieDomain: ".example.com" });
    const b = site(memoryDb({ causal: { appKey: "app:b" }, shared: a.db.shared }), {
      cookieDomain: ".example.com",
    });
    const browser = new TestBrowser("https://www.example.com");
    const { user } = await signup(a.auth, browser);
    const atLogin = formatLsn(a.db.shared.wal);

    // B: the lookup may go to a replica only once it has replayed A's session row.
    b.causal.nextRequest();
    expect(await b.auth.users.getUser(...browser.request("/"))).toEqual(user);
    expect(b.causal.required).toEqual(new Map([["shared", a.db.shared.wal]]));

    // A: a post on A's own database, then the redirect carries its position.
    a.causal.nextRequest();
    await a.auth.users.getUser(...browser.request("/posts"));
    await writeOwn(a.db);
    expect((await carry(a.auth, browser)).wrote).toBe(true);
    expect((await contentOf(browser.cookies.get(COOKIE))).p).toEqual({
      shared: atLogin,
      "app:a": formatLsn(a.db.app.wal),
    });

    // B ignores A's own key, writes its own, and keeps A's for when the browser is back there.
    b.causal.nextRequest();
    await b.auth.users.getUser(...browser.request("/tasks"));
    expect([...b.causal.required.keys()]).toEqual(["shared"]);
    await writeOwn(b.db);
    await carry(b.auth, browser);
    expect((await contentOf(browser.cookies.get(COOKIE))).p).toEqual({
      shared: atLogin,
      "app:b": formatLsn(b.db.app.wal),
      "app:a": formatLsn(a.db.app.wal),
    });
    a.causal.nextRequest();
    await a.auth.users.getUser(...browser.request("/"));
    expect(a.causal.required.get("app:a")).toBe(a.db.app.wal);
  });

  it("ignores junk positions in a cookie, and the session still works", async () => {
    const { auth, causal } = site(memoryDb({ causal: true }));
    const { browser, user } = await signup(auth);
    const { t } = await contentOf(browser.cookies.get(COOKIE));
    const junk = { ["k".repeat(33)]: "1/1", shared: "not-a-position", app: 5, ok: "0/1" };
    browser.cookies.set(COOKIE, await reseal({ v: 1, t, p: junk }));
    causal.observed.length = 0;
    expect(await auth.users.getUser(...browser.request("/me"))).toEqual(user);
    expect(causal.observed).toEqual([{ ok: "0/1" }]);
    for (const p of [
      ["1/1"],
      "1/1",
      Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`d${i}`, "1/1"])),
    ]) {
      browser.cookies.set(COOKIE, await reseal({ v: 1, t, p }));
      causal.observed.length = 0;
      expect(await auth.users.getUser(...browser.request("/me"))).toEqual(user);
      expect(causal.observed).toEqual([]);
    }
  });

  it("keeps a cookie sealed before positions existed: logged in, nothing observed, not re-sealed", async () => {
    const { auth, causal } = site(memoryDb({ causal: true }));
    const { browser, user } = await signup(auth);
    const { t } = await contentOf(browser.cookies.get(COOKIE));
    browser.cookies.set(COOKIE, await reseal({ v: 1, t }));
    causal.nextRequest();
    causal.observed.length = 0;
    const queries = causal.positionQueries;
    expect(await auth.users.getUser(...browser.request("/me"))).toEqual(user);
    expect(causal.observed).toEqual([]);
    expect(await carry(auth, browser)).toEqual({ wrote: false, setCookies: [] });
    expect(causal.positionQueries).toBe(queries);
  });

  it("carryPositions sets no cookie and sends no query when the request wrote nothing", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    const { browser } = await signup(auth);
    causal.nextRequest();
    const queries = causal.positionQueries;
    await auth.users.getUser(...browser.request("/"));
    db.log.length = 0;
    expect(await carry(auth, browser)).toEqual({ wrote: false, setCookies: [] });
    expect(causal.positionQueries).toBe(queries);
    expect(db.log.filter((entry) => !entry.startsWith("causal."))).toEqual([]);
    // Without getUser first, the same: it observes the cookie itself.
    causal.nextRequest();
    expect(await carry(auth, browser)).toEqual({ wrote: false, setCookies: [] });
  });

  it("carryPositions re-seals the same token, to the same expiry, with the request's positions", async () => {
    const { auth, db, causal, clock } = site(memoryDb({ causal: true }), { ttl: 7200, idleTimeout: 3600 });
    const { browser, user } = await signup(auth);
    const before = browser.cookies.get(COOKIE) as string;
    clock.now += 1000_000;
    causal.nextRequest();
    await auth.users.getUser(...browser.request("/posts/new"));
    await writeOwn(db);
    const { wrote, setCookies } = await carry(auth, browser);
    expect(wrote).toBe(true);
    expect(setCookies).toHaveLength(1);
    expect(maxAgeOf(setCookies[0])).toBeGreaterThanOrEqual(7200 - 1000 - 2);
    expect(maxAgeOf(setCookies[0])).toBeLessThanOrEqual(7200 - 1000);
    const after = browser.cookies.get(COOKIE) as string;
    expect(sealExpiration(after)).toBeLessThanOrEqual(sealExpiration(before) - 1000_000 + 1000);
    const content = await contentOf(after);
    expect(content.t).toBe((await contentOf(before)).t);
    // getUser touched lastSeenAt (its first use in over a minute): a write to the identity database too.
    expect(db.log).toContain("shared:session.updateMany");
    expect(content.p).toEqual({ shared: formatLsn(db.shared.wal), "app:site": formatLsn(db.app.wal) });
    expect(db.shared.sessions).toHaveLength(1);
    expect(await auth.users.getUser(...browser.request("/"))).toEqual(user);
  });

  it("carryPositions works on Node's ServerResponse (Express's res) too", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    const { browser } = await signup(auth);
    const req = new IncomingMessage(new Socket());
    req.headers = { host: "localhost:3001", cookie: `${COOKIE}=${browser.cookies.get(COOKIE)}` };
    causal.nextRequest();
    const idle = new ServerResponse(req);
    expect(await auth.users.carryPositions(req, idle)).toBe(false);
    expect(idle.getHeader("set-cookie")).toBeUndefined();
    await writeOwn(db);
    const res = new ServerResponse(req);
    expect(await auth.users.carryPositions(req, res)).toBe(true);
    const [line] = res.getHeader("set-cookie") as string[];
    expect(line).toMatch(/^userbridge_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("carryPositions does nothing without a session cookie, or without db.$causal", async () => {
    const { auth, db } = site(memoryDb({ causal: true }));
    await writeOwn(db);
    expect(await carry(auth, new TestBrowser())).toEqual({ wrote: false, setCookies: [] });
    const plain = site(memoryDb());
    const { browser } = await signup(plain.auth);
    await writeOwn(plain.db);
    expect(await carry(plain.auth, browser)).toEqual({ wrote: false, setCookies: [] });
    expect(Object.keys(await contentOf(browser.cookies.get(COOKIE))).sort()).toEqual(["t", "v"]);
  });

  it("a carry() that fails never fails the write: the cookie goes without fresh positions, with a warning", async () => {
    const { auth, db, causal, warn } = site(memoryDb({ causal: true }));
    causal.failCarry = new Error("connection terminated");
    const { browser, user } = await signup(auth);
    expect(user.email).toBe(ADA.email);
    expect(Object.keys(await contentOf(browser.cookies.get(COOKIE))).sort()).toEqual(["t", "v"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/could not read the WAL positions.*connection terminated/);
    await writeOwn(db);
    expect(await carry(auth, browser)).toEqual({ wrote: false, setCookies: [] });
    expect(warn).toHaveBeenCalledTimes(1); // at most once a minute
  });

  it("does not re-seal a token whose logout is still being retried", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    const { browser } = await signup(auth);
    const { DatabaseUnavailableError } = await import("@userbridge/router");
    db.shared.failWith = Object.assign(new Error("Can't reach database server"), { code: "P1001" });
    await expect(auth.users.logout(...browser.request("/logout"))).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    db.shared.failWith = undefined;
    causal.nextRequest();
    await writeOwn(db);
    expect(await carry(auth, browser)).toEqual({ wrote: false, setCookies: [] });
  });

  it("admin sessions carry the site's own database's position in their own cookie, observed before the lookup", async () => {
    const { auth, db, causal } = site(memoryDb({ causal: true }));
    await auth.admins.createUser({ email: "root@example.com", password: "admin-password" });
    const browser = new TestBrowser();
    causal.nextRequest();
    const [request, headers] = browser.request("/admin/login");
    await auth.admins.login({ email: "root@example.com", password: "admin-password" }, request, headers);
    browser.receive(headers);
    const content = await contentOf(browser.cookies.get(`${COOKIE}_admin`));
    expect(content.p).toEqual({ "app:site": formatLsn(db.app.wal) });
    causal.nextRequest();
    db.log.length = 0;
    expect(await auth.admins.getUser(...browser.request("/admin"))).toMatchObject({
      email: "root@example.com",
    });
    expect(db.log).toEqual(["causal.observe", "app:$queryRaw"]);
    await writeOwn(db);
    const [next, nextHeaders] = browser.request("/admin/posts");
    expect(await auth.admins.carryPositions(next, nextHeaders)).toBe(true);
    expect(nextHeaders.getSetCookie()[0]).toMatch(
      /^userbridge_session_admin=[^;]+; Max-Age=\d+; Path=\/admin;/,
    );
  });
});

describe("the hand-off's callback with db.$causal", () => {
  it("seals the position of the session it created, and the previous cookie's, to the home session's expiry", async () => {
    const db = memoryDb({ causal: true });
    const causal = db.$causal as NonNullable<MemoryDb["$causal"]>;
    const clock = { now: Date.now() };
    const config = resolveSessionConfig({ password: PASSWORD, homeUrl: "https://home.example" }, {});
    const sealer = createSealer({
      passwords: config.passwords,
      ttl: config.ttl,
      cacheSize: 10,
      onRejected() {},
    });
    const store = prismaIdentityStore(db.$pinned("shared"));
    const user = await store.createUser({ email: ADA.email, name: ADA.name, passwordHash: "x" });
    const homeExpires = clock.now + 3600_000;
    const handoffs: HandoffStore = {
      issue: async () => true,
      // The real one is one statement on the identity database that creates the session row.
      async redeem(code) {
        await db.$pinned("shared").session.create({
          data: {
            sessionToken: code.sessionTokenHash,
            userId: user.id,
            familyId: "family",
            expires: new Date(homeExpires),
            createdAt: new Date(code.now),
            lastSeenAt: new Date(code.now),
          },
          select: { id: true },
        });
        return { user, expires: new Date(homeExpires) };
      },
      discard: async () => {},
      purgeExpired: async () => 0,
    };
    const handoff = createHandoff({
      config,
      cookie: { name: config.cookieName, path: "/", domain: undefined },
      sealer,
      store,
      handoffs,
      users: { getUser: async () => null },
      now: () => clock.now,
      positions: positionCarrier(db.$causal),
    });

    const browser = new TestBrowser("https://other.example");
    // This browser's earlier session here carried another site's position.
    browser.cookies.set(COOKIE, await reseal({ v: 1, t: newSessionToken(), p: { "app:elsewhere": "5/0" } }));
    const [startRequest, startHeaders] = browser.request("/sso/start");
    const authorize = await handoff.start(new URLSearchParams(), "/sso", startRequest, startHeaders);
    browser.receive(startHeaders);
    const state = new URL(authorize).searchParams.get("state") as string;

    causal.nextRequest();
    db.log.length = 0;
    const query = new URLSearchParams({ code: newSessionToken(), state });
    const [request, headers] = browser.request(`/sso/callback?${query}`);
    await handoff.callback(query, request, headers);
    browser.receive(headers);

    const cookie = browser.cookies.get(COOKIE) as string;
    const content = await contentOf(cookie);
    expect(hashSessionToken(content.t)).toBe(db.shared.sessions[0]?.sessionToken);
    expect(content.p).toEqual({ shared: formatLsn(db.shared.wal), "app:elsewhere": "5/0" });
    expect(db.log.indexOf("causal.observe")).toBeLessThan(db.log.indexOf("shared:session.create"));
    expect(db.log.lastIndexOf("shared:session.create")).toBeLessThan(db.log.indexOf("causal.carry"));
    const line = headers.getSetCookie().find((entry) => entry.startsWith(`${COOKIE}=`));
    expect(maxAgeOf(line)).toBe(3600);
    // The seal ends with the cookie, so carryPositions keeps that expiry.
    expect(Math.abs(sealExpiration(cookie) - (Date.now() + 3600_000))).toBeLessThan(2000);
  });
});
