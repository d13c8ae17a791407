import { DatabaseUnavailableError, runWithRouting, USERBRIDGE_ERROR_CODES } from "@userbridge/router";
import { unsealData } from "iron-session";
import { describe, expect, it, vi } from "vitest";
import { TestBrowser } from "../test/browser.js";
import { fakeFeed } from "../test/fake-feed.js";
import { memoryDb } from "../test/memory-client.js";
import { type AuthOptions, createAuth } from "./auth.js";
import {
  EmailTakenError,
  ForbiddenOriginError,
  InvalidCredentialsError,
  InvalidInputError,
  SESSION_ERROR_CODES,
  SignupInAdminContextError,
} from "./errors.js";
import { scryptHasher } from "./password.js";
import { hashSessionToken } from "./token.js";

const PASSWORD = "s".repeat(32);
const cheap = scryptHasher({ log2N: 10, r: 8, p: 1 });
const ADA = { email: "ada@example.com", password: "analytical-engine", name: "Ada" };

function setup(options: Partial<AuthOptions> = {}) {
  const db = memoryDb();
  const clock = { now: Date.now() };
  const warn = vi.fn();
  const auth = createAuth({
    db,
    password: PASSWORD,
    hasher: cheap,
    now: () => clock.now,
    logger: { warn },
    env: {},
    ...options,
  });
  return { db, auth, clock, warn };
}

async function signup(auth: ReturnType<typeof createAuth>, browser = new TestBrowser(), input: object = ADA) {
  const [request, headers] = browser.request("/signup");
  const user = await auth.users.signup(input, request, headers);
  browser.receive(headers);
  return { browser, user };
}

async function login(auth: ReturnType<typeof createAuth>, browser: TestBrowser, input: object = ADA) {
  const [request, headers] = browser.request("/login");
  const user = await auth.users.login(input, request, headers);
  browser.receive(headers);
  return user;
}

const me = (auth: ReturnType<typeof createAuth>, browser: TestBrowser) =>
  auth.users.getUser(...browser.request("/me"));

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

describe("user sessions", () => {
  it("signup creates the user and a session; the row stores only the token's SHA-256", async () => {
    const { auth, db } = setup();
    const { browser, user } = await signup(auth);
    expect(user).toEqual({ id: expect.any(String), email: ADA.email, name: "Ada" });
    expect(await me(auth, browser)).toEqual(user);
    const cookie = browser.cookies.get("userbridge_session") as string;
    const sealed = await unsealData<{ v: number; t: string }>(cookie, { password: PASSWORD });
    expect(Object.keys(sealed).sort()).toEqual(["t", "v"]);
    expect(db.shared.sessions).toHaveLength(1);
    expect(db.shared.sessions[0]?.sessionToken).toBe(hashSessionToken(sealed.t));
    expect(db.shared.users[0]?.passwordHash).toMatch(/^\$scrypt\$/);
    expect(browser.setCookies[0]).toMatch(
      /^userbridge_session=[^;]+; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it("refuses a second signup with the same email", async () => {
    const { auth } = setup();
    await signup(auth);
    const error = await rejection(signup(auth, new TestBrowser(), { ...ADA, email: "ADA@example.com" }));
    expect(error).toBeInstanceOf(EmailTakenError);
    expect(error.code).toBe(SESSION_ERROR_CODES.EMAIL_TAKEN);
  });

  it("login issues a new token every time; the previous one is dead", async () => {
    const { auth, db } = setup();
    const { browser } = await signup(auth);
    const before = new TestBrowser();
    before.cookies.set("userbridge_session", browser.cookies.get("userbridge_session") as string);
    await login(auth, browser);
    expect(browser.cookies.get("userbridge_session")).not.toBe(before.cookies.get("userbridge_session"));
    expect(await me(auth, browser)).toMatchObject({ email: ADA.email });
    expect(await me(auth, before)).toBeNull();
    expect(db.shared.sessions).toHaveLength(1);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const { auth } = setup();
    await signup(auth);
    const wrong = await rejection(
      login(auth, new TestBrowser(), { email: ADA.email, password: "not-the-password" }),
    );
    const unknown = await rejection(
      login(auth, new TestBrowser(), { email: "bob@example.com", password: "whatever1" }),
    );
    for (const error of [wrong, unknown]) {
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect(error.code).toBe(SESSION_ERROR_CODES.INVALID_CREDENTIALS);
    }
    expect(wrong.message).toBe(unknown.message);
  });

  it("still runs the password hash for an unknown email (no timing shortcut)", async () => {
    const verify = vi.fn(cheap.verify.bind(cheap));
    const { auth } = setup({ hasher: { hash: cheap.hash.bind(cheap), verify } });
    await rejection(login(auth, new TestBrowser(), { email: "bob@example.com", password: "whatever1" }));
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledWith("whatever1", undefined);
  });

  it("re-hashes a password stored with weaker parameters on login", async () => {
    const { auth, db } = setup();
    await signup(auth);
    const user = db.shared.users[0] as { passwordHash: string | null };
    user.passwordHash = await scryptHasher({ log2N: 8, r: 8, p: 1 }).hash(ADA.password);
    await login(auth, new TestBrowser());
    expect(user.passwordHash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
  });

  it("validates input before touching the database", async () => {
    const { auth, db } = setup();
    const error = await rejection(login(auth, new TestBrowser(), { email: "nope", password: "" }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fieldErrors).toEqual({
      email: [expect.any(String)],
      password: [expect.any(String)],
    });
    expect(db.shared.calls).toEqual([]);
  });

  it("refuses a POST from a foreign origin before validating it", async () => {
    const { auth, db } = setup({ trustedOrigins: ["https://new.example.com"] });
    const browser = new TestBrowser();
    const [request, headers] = browser.request("/login", { origin: "https://evil.example" });
    const error = await rejection(auth.users.login({}, request, headers));
    expect(error).toBeInstanceOf(ForbiddenOriginError);
    expect(error.code).toBe(SESSION_ERROR_CODES.FORBIDDEN_ORIGIN);
    expect(() =>
      auth.users.assertAllowedOrigin(...browser.request("/", { origin: "https://new.example.com" })),
    ).not.toThrow();
    expect(
      await rejection(auth.users.logout(...browser.request("/logout", { origin: "null" }))),
    ).toBeInstanceOf(ForbiddenOriginError);
    expect(db.shared.calls).toEqual([]);
  });

  it("resolves a returning request in one query, and touches lastSeenAt at most once a minute", async () => {
    const { auth, db, clock } = setup();
    const { browser } = await signup(auth);
    db.shared.calls.length = 0;
    await me(auth, browser);
    clock.now += 59_000;
    await me(auth, browser);
    expect(db.shared.calls).toEqual(["$queryRaw", "$queryRaw"]);
    clock.now += 2_000;
    await me(auth, browser);
    await me(auth, browser);
    expect(db.shared.calls).toEqual([
      "$queryRaw",
      "$queryRaw",
      "$queryRaw",
      "session.updateMany",
      "$queryRaw",
    ]);
    expect(db.shared.sessions[0]?.lastSeenAt.getTime()).toBe(clock.now);
  });

  it("ends a session idle for longer than idleTimeout, from the row", async () => {
    const { auth, db, clock } = setup({ idleTimeout: 600, ttl: 3600 });
    const { browser } = await signup(auth);
    clock.now += 599_000;
    expect(await me(auth, browser)).not.toBeNull();
    clock.now += 600_001;
    expect(await me(auth, browser)).toBeNull();
    expect(db.shared.sessions).toHaveLength(0);
  });

  it("ends a session at its absolute expiry even when it is used", async () => {
    const { auth, clock } = setup({ idleTimeout: 600, ttl: 3600 });
    const { browser } = await signup(auth);
    for (let elapsed = 0; elapsed < 3600; elapsed += 500) {
      expect(await me(auth, browser)).not.toBeNull();
      clock.now += 500_000;
    }
    expect(await me(auth, browser)).toBeNull();
  });

  it("logout deletes the row and clears the cookie with the same Domain and Path; a replay fails", async () => {
    const { auth, db } = setup({ cookieDomain: ".example.com" });
    const browser = new TestBrowser("https://old.example.com");
    await signup(auth, browser);
    const stolen = browser.cookies.get("userbridge_session") as string;
    const [request, headers] = browser.request("/logout", { origin: "https://old.example.com" });
    await auth.users.logout(request, headers);
    browser.receive(headers);
    expect(browser.setCookies.at(-1)).toBe(
      "userbridge_session=; Max-Age=0; Domain=.example.com; Path=/; HttpOnly; Secure; SameSite=Lax",
    );
    expect(browser.cookies.has("userbridge_session")).toBe(false);
    expect(db.shared.sessions).toHaveLength(0);
    const replay = new TestBrowser("https://new.example.com");
    replay.cookies.set("userbridge_session", stolen);
    expect(await me(auth, replay)).toBeNull();
  });

  it("a logout during an outage keeps the cookie, answers 503, and revokes once the database is back", async () => {
    // Regression (issue 9, defect 6): the cookie was cleared while the row survived the outage, so the
    // browser could not retry, and after recovery the same cookie was logged in again.
    const { auth, db } = setup();
    const { browser } = await signup(auth);
    const kept = browser.cookies.get("userbridge_session") as string;
    db.shared.failWith = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const [request, headers] = browser.request("/logout");
    expect(await rejection(auth.users.logout(request, headers))).toMatchObject({ status: 503 });
    expect(headers.getSetCookie()).toEqual([]); // the browser keeps its cookie and may retry
    db.shared.failWith = undefined;
    // This process already treats it as logged out, and deletes the row in the background.
    expect(await me(auth, browser)).toBeNull();
    await vi.waitFor(() => expect(db.shared.sessions).toHaveLength(0), { timeout: 5_000 });
    const otherSite = setup({ db }).auth; // a second site on the same identity database
    const replay = new TestBrowser();
    replay.cookies.set("userbridge_session", kept);
    expect(await me(otherSite, replay)).toBeNull();
    // The browser's retry now succeeds and clears the cookie.
    const [retry, retryHeaders] = browser.request("/logout");
    await auth.users.logout(retry, retryHeaders);
    expect(retryHeaders.getSetCookie()).toEqual([expect.stringMatching(/^userbridge_session=; Max-Age=0/)]);
  });

  it("acts on the identity database from an admin context too, and refuses to sign up there", async () => {
    // Regression (issue 9, defect 7): logoutEverywhere from an admin handler followed the admin context
    // to the site's own tables and ended nothing; signup there created a site-admin account.
    const { auth, db } = setup();
    const { browser, user } = await signup(auth);
    await login(auth, new TestBrowser());
    await runWithRouting({ admin: true }, async () => {
      expect(await me(auth, browser)).toEqual(user);
      expect(await auth.users.logoutEverywhere(user.id)).toBe(2);
      const error = await rejection(signup(auth, new TestBrowser(), { ...ADA, email: "eve@example.com" }));
      expect(error).toBeInstanceOf(SignupInAdminContextError);
      expect(error).toMatchObject({ code: SESSION_ERROR_CODES.SIGNUP_IN_ADMIN_CONTEXT, status: 403 });
    });
    expect(db.app.users).toEqual([]);
    expect(db.shared.sessions).toEqual([]);
  });

  it("refuses logins to an account with too many failures, also with the right password, then lets it in", async () => {
    const { auth, clock } = setup({ loginThrottle: { perAccount: 3, windowSeconds: 60 } });
    await signup(auth);
    for (let i = 0; i < 3; i++) {
      expect(
        await rejection(login(auth, new TestBrowser(), { ...ADA, password: "wrong-guess" })),
      ).toBeInstanceOf(InvalidCredentialsError);
    }
    const locked = await rejection(login(auth, new TestBrowser()));
    expect(locked).toMatchObject({ code: SESSION_ERROR_CODES.TOO_MANY_ATTEMPTS, status: 429 });
    clock.now += 61_000;
    expect(await login(auth, new TestBrowser())).toMatchObject({ email: ADA.email });
  });

  it("limits per client address as clientAddress reports it (fetch requests have no socket)", async () => {
    const { auth } = setup({
      loginThrottle: { perAddress: 3 },
      clientAddress: (request) =>
        request instanceof Request ? (request.headers.get("x-real-ip") ?? undefined) : undefined,
    });
    const attempt = (email: string, ip: string) => {
      const [request, headers] = new TestBrowser().request("/login", { "x-real-ip": ip });
      return rejection(auth.users.login({ email, password: "wrong-guess" }, request, headers));
    };
    for (let i = 0; i < 3; i++)
      expect(await attempt(`u${i}@example.com`, "10.0.0.1")).toBeInstanceOf(InvalidCredentialsError);
    expect(await attempt("u9@example.com", "10.0.0.1")).toMatchObject({ status: 429 });
    expect(await attempt("u9@example.com", "10.0.0.2")).toBeInstanceOf(InvalidCredentialsError);
  });

  it("logoutEverywhere ends every session of the user", async () => {
    const { auth } = setup();
    const { browser, user } = await signup(auth);
    const phone = new TestBrowser();
    await login(auth, phone);
    expect(await auth.users.logoutEverywhere(user.id)).toBe(2);
    expect(await me(auth, browser)).toBeNull();
    expect(await me(auth, phone)).toBeNull();
  });

  // Issue 14: a hand-off puts a second site's session in the same family; a logout on either ends both,
  // while an unrelated login of the same user (another device) stays.
  it("logout ends the session's whole family, and only that family", async () => {
    const { auth, db } = setup();
    const { browser } = await signup(auth);
    const phone = new TestBrowser();
    await login(auth, phone);
    const [own, other] = db.shared.sessions;
    if (!own || !other) throw new Error("expected two sessions");
    expect(own.familyId).not.toBe(other.familyId);
    db.shared.sessions.push({ ...own, id: "handed-off", sessionToken: "another-site" });
    const [request, headers] = browser.request("/logout");
    await auth.users.logout(request, headers);
    expect(db.shared.sessions.map((session) => session.id)).toEqual([other.id]);
    expect(await me(auth, phone)).not.toBeNull();
  });

  it("treats a bad cookie as no session, without a query", async () => {
    const { auth, db } = setup();
    for (const value of ["", "garbage", "Fe26.2*1*a*b*c*d*e*f", "x".repeat(4000)]) {
      const browser = new TestBrowser();
      browser.cookies.set("userbridge_session", value);
      expect(await me(auth, browser)).toBeNull();
    }
    expect(db.shared.calls).toEqual([]);
  });

  it("a site with another password sees no session; one missing the sealing id warns once", async () => {
    const first = setup();
    const { browser } = await signup(first.auth);
    const other = setup({ db: first.db, password: "o".repeat(32) });
    expect(await me(other.auth, browser)).toBeNull();
    const behind = setup({ db: first.db, password: { 2: "n".repeat(32) } });
    expect(await me(behind.auth, browser)).toBeNull();
    expect(await me(behind.auth, browser)).toBeNull();
    expect(behind.warn).toHaveBeenCalledTimes(1);
    expect(behind.warn.mock.calls[0]?.[0]).toMatch(
      /^userbridge: a session cookie was sealed with a password id/,
    );
  });

  it("warns at start-up when SESSION_FINGERPRINT names another site's different fingerprint", () => {
    const reference = setup();
    const same = setup({ env: { SESSION_FINGERPRINT: reference.auth.fingerprint } });
    expect(same.warn).not.toHaveBeenCalled();
    const other = setup({ password: "d".repeat(32), expectedFingerprint: reference.auth.fingerprint });
    expect(other.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^userbridge: these sites do NOT share sessions/),
    );
  });

  it("keeps accepting cookies sealed with the old password after a new one is added", async () => {
    const first = setup({ password: { 1: PASSWORD } });
    const { browser, user } = await signup(first.auth);
    const rotated = setup({ db: first.db, password: { 1: PASSWORD, 2: "n".repeat(32) } });
    expect(await me(rotated.auth, browser)).toEqual(user);
  });

  it("turns an unreachable database into DatabaseUnavailableError naming it", async () => {
    const { auth, db } = setup();
    const { browser } = await signup(auth);
    db.shared.failWith = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const error = await rejection(me(auth, browser));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error.code).toBe(USERBRIDGE_ERROR_CODES.DATABASE_UNAVAILABLE);
    expect((error as DatabaseUnavailableError).database).toBe("shared");
  });

  it("also recognizes a raw query's closed connection (P2010 with the adapter's error in meta)", async () => {
    const { auth, db } = setup();
    const { browser } = await signup(auth);
    db.shared.failWith = Object.assign(
      new Error("Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`"),
      {
        code: "P2010",
        meta: {
          driverAdapterError: Object.assign(new Error("ConnectionClosed"), {
            cause: { kind: "ConnectionClosed" },
          }),
        },
      },
    );
    expect(await rejection(me(auth, browser))).toBeInstanceOf(DatabaseUnavailableError);
    db.shared.failWith = Object.assign(new Error("Raw query failed"), {
      code: "P2010",
      meta: {
        driverAdapterError: Object.assign(new Error("syntax"), {
          cause: { kind: "postgres", code: "42601" },
        }),
      },
    });
    expect(await rejection(me(auth, browser))).not.toBeInstanceOf(DatabaseUnavailableError);
  });

  it("works with Node's req/res and with a Next.js cookies() store", async () => {
    const { auth } = setup();
    const { browser, user } = await signup(auth);
    const value = browser.cookies.get("userbridge_session") as string;
    const store = {
      get: (name: string) => (name === "userbridge_session" ? { name, value } : undefined),
      set: vi.fn(),
    };
    expect(await auth.users.getUser(store)).toEqual(user);
    const { IncomingMessage, ServerResponse } = await import("node:http");
    const { Socket } = await import("node:net");
    const req = new IncomingMessage(new Socket());
    req.headers = { host: "localhost:3001", cookie: `userbridge_session=${value}` };
    expect(await auth.users.getUser(req, new ServerResponse(req))).toEqual(user);
  });

  it("purgeExpired deletes expired and idle rows", async () => {
    const { auth, db, clock } = setup({ idleTimeout: 600, ttl: 3600 });
    await signup(auth);
    await login(auth, new TestBrowser());
    expect(await auth.users.purgeExpired()).toBe(0);
    clock.now += 601_000;
    expect(await auth.users.purgeExpired()).toBe(2);
    expect(db.shared.sessions).toHaveLength(0);
  });
});

describe("admin sessions", () => {
  async function adminSetup() {
    const context = setup({ cookieDomain: ".example.com" });
    await context.auth.admins.createUser({ email: "root@old.example.com", password: "admin-password" });
    return context;
  }

  it("live in the site's own database whatever the routing context says", async () => {
    const { auth, db } = await adminSetup();
    expect(db.app.users.map((user) => user.email)).toEqual(["root@old.example.com"]);
    expect(db.shared.users).toEqual([]);
    const browser = new TestBrowser("https://old.example.com");
    const [request, headers] = browser.request("/admin/login");
    await runWithRouting({ admin: false }, () =>
      auth.admins.login({ email: "root@old.example.com", password: "admin-password" }, request, headers),
    );
    browser.receive(headers);
    expect(db.app.sessions).toHaveLength(1);
    expect(db.shared.calls).toEqual([]);
    expect(await auth.admins.getUser(...browser.request("/admin/me"))).toMatchObject({
      email: "root@old.example.com",
    });
  });

  it("use their own host-only cookie on Path=/admin", async () => {
    const { auth } = await adminSetup();
    const browser = new TestBrowser("https://old.example.com");
    const [request, headers] = browser.request("/admin/login");
    await auth.admins.login({ email: "root@old.example.com", password: "admin-password" }, request, headers);
    expect(headers.getSetCookie()).toEqual([
      expect.stringMatching(
        /^userbridge_session_admin=[^;]+; Max-Age=1209600; Path=\/admin; HttpOnly; Secure; SameSite=Lax$/,
      ),
    ]);
  });

  it("never accept a shared user, and leave the shared session alone", async () => {
    const { auth } = await adminSetup();
    const browser = new TestBrowser("https://old.example.com");
    await signup(auth, browser);
    const shared = browser.cookies.get("userbridge_session");
    const refused = await rejection(auth.admins.login(ADA, ...browser.request("/admin/login")));
    expect(refused).toBeInstanceOf(InvalidCredentialsError);
    expect(await auth.admins.getUser(...browser.request("/admin/me"))).toBeNull();
    const [request, headers] = browser.request("/admin/login");
    await auth.admins.login({ email: "root@old.example.com", password: "admin-password" }, request, headers);
    browser.receive(headers);
    expect(browser.cookies.get("userbridge_session")).toBe(shared);
    expect(await me(auth, browser)).toMatchObject({ email: ADA.email });
    const [out, outHeaders] = browser.request("/admin/logout");
    await auth.admins.logout(out, outHeaders);
    expect(outHeaders.getSetCookie()).toEqual([
      "userbridge_session_admin=; Max-Age=0; Path=/admin; HttpOnly; Secure; SameSite=Lax",
    ]);
  });
});

describe("the session cache", () => {
  function cached(options: Partial<AuthOptions> = {}) {
    const feed = fakeFeed();
    const db = Object.assign(memoryDb(), { $sessionChanges: feed });
    const clock = { now: Date.now() };
    const auth = createAuth({
      db,
      password: PASSWORD,
      hasher: cheap,
      now: () => clock.now,
      env: {},
      ...options,
    });
    return { db, feed, auth, clock };
  }

  it("resolves a warm cookie with no query, and a revoked one from the database again", async () => {
    const { db, feed, auth } = cached();
    const { browser, user } = await signup(auth);
    expect(await me(auth, browser)).toEqual(user); // first: from the database, then cached
    db.shared.calls.length = 0;
    for (let i = 0; i < 5; i++) expect(await me(auth, browser)).toEqual(user);
    expect(db.shared.calls).toEqual([]);
    // Another site logs the user out: the row goes, the trigger notifies, this cache drops it.
    const tokenHash = db.shared.sessions[0]?.sessionToken as string;
    db.shared.sessions.length = 0;
    feed.notify(`s:${tokenHash}`);
    expect(await me(auth, browser)).toBeNull();
  });

  it("is off without a change feed, with SESSION_CACHE=off, and while the feed is down", async () => {
    const plain = setup();
    expect(plain.auth.sessionCache).toBeUndefined();
    expect(cached({ env: { SESSION_CACHE: "off" } }).auth.sessionCache).toBeUndefined();
    const { db, feed, auth } = cached();
    const { browser } = await signup(auth);
    await me(auth, browser);
    feed.setLive(false);
    db.shared.calls.length = 0;
    await me(auth, browser);
    expect(db.shared.calls).toEqual(["$queryRaw"]);
  });

  it("drops this process' own logouts at once, before any notification comes back", async () => {
    // Regression (review of issue 13): a logged-out cookie still resolved on the same process until its
    // own NOTIFY returned (always, with 50 ms on the listener's path).
    const { auth } = cached();
    const { browser } = await signup(auth);
    const kept = browser.cookies.get("userbridge_session") as string;
    await me(auth, browser); // cached
    const [request, headers] = browser.request("/logout");
    await auth.users.logout(request, headers);
    const replay = new TestBrowser();
    replay.cookies.set("userbridge_session", kept);
    expect(await me(auth, replay)).toBeNull(); // the fake feed never notified

    const second = await signup(auth, new TestBrowser(), { ...ADA, email: "bob@example.com" });
    await me(auth, second.browser);
    await auth.users.logoutEverywhere(second.user.id);
    expect(await me(auth, second.browser)).toBeNull();
  });

  it("still ends an idle session: past the idle timeout the database decides, and deletes it", async () => {
    const { db, auth, clock } = cached({ idleTimeout: 3_600, sessionCache: { ttlSeconds: 300 } });
    const { browser } = await signup(auth);
    await me(auth, browser);
    clock.now += 3_601_000;
    expect(await me(auth, browser)).toBeNull();
    expect(db.shared.sessions).toEqual([]);
  });

  it("keeps the idle timeout: touches lastSeenAt at most once a minute, off the request's path", async () => {
    const { db, auth, clock } = cached({ sessionCache: { ttlSeconds: 300 } });
    const { browser } = await signup(auth);
    await me(auth, browser);
    db.shared.calls.length = 0;
    clock.now += 30_000;
    await me(auth, browser);
    expect(db.shared.calls).toEqual([]);
    clock.now += 31_000;
    await me(auth, browser);
    await vi.waitFor(() => expect(db.shared.calls).toEqual(["session.updateMany"]));
    expect(db.shared.sessions[0]?.lastSeenAt.getTime()).toBe(clock.now);
  });
});
