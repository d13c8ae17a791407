// Issue 14: the cross-domain hand-off between the old site (http://localhost) and the new one
// (http://127.0.0.1), which share no cookie, attacked over HTTP on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, rawRequest } from "../../test/browser.js";
import { useSiteDatabases } from "../../test/site-databases.js";
import { type RunningSites, startSites } from "./sites.js";

const databases = useSiteDatabases();
let sites: RunningSites;
let OLD: string;
let NEW: string;
let n = 0;
const PASSWORD = "correct horse battery";
const email = (label: string) => `${label}-${n++}-${Date.now()}@handoff.test`;
const identity = () => sites.old.db.$using("shared");

beforeAll(async () => {
  const { shared, oldSite, newSite } = databases;
  sites = await startSites({
    sharedDatabaseUrl: shared.url,
    sharedDirectUrl: shared.directUrl,
    old: { appDatabaseUrl: oldSite.url },
    new: { appDatabaseUrl: newSite.url },
    crossDomain: true,
    session: { password: "handoff-password-handoff-password", env: {}, logger: { warn() {} } },
    warn() {},
  });
  OLD = sites.old.url;
  NEW = sites.new.url;
}, 60_000);

afterAll(async () => {
  await sites?.close();
});

async function loggedInOnOld(label = "user"): Promise<{ browser: Browser; email: string }> {
  const browser = new Browser();
  const address = email(label);
  const response = await browser.post(`${OLD}/signup`, { email: address, password: PASSWORD });
  expect(response.status).toBe(201);
  return { browser, email: address };
}

const location = (response: Response) => response.headers.get("location") ?? "";

/** /sso/start on the new site and /sso/authorize on the old one: the callback URL the old site sends back. */
async function callbackUrl(browser: Browser, next = "/"): Promise<string> {
  const start = await browser.get(`${NEW}/sso/start?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(303);
  expect(location(start).startsWith(`${OLD}/sso/authorize?`)).toBe(true);
  const authorize = await browser.get(location(start));
  expect(authorize.status).toBe(303);
  expect(location(authorize).startsWith(`${NEW}/sso/callback?`)).toBe(true);
  return location(authorize);
}

async function me(browser: Browser, site: string): Promise<string | undefined> {
  const response = await browser.get(`${site}/me`);
  if (response.status === 401) return undefined;
  expect(response.status).toBe(200);
  return ((await response.json()) as { user: { email: string } }).user.email;
}

/**
 * The other site learns of a logout from the identity database's NOTIFY (its session cache drops the
 * session within milliseconds, see README "Sessions at memory speed"), so it is polled, bounded at 1 s.
 */
async function loggedOutSoon(browser: Browser, site: string): Promise<void> {
  await expect.poll(() => me(browser, site), { timeout: 1_000, interval: 5 }).toBeUndefined();
}

async function errorOf(
  response: Response,
): Promise<{ status: number; code: string; location: string | null }> {
  const body = (await response.json()) as { error: { code: string } };
  return { status: response.status, code: body.error.code, location: response.headers.get("location") };
}

const sessionCount = () => identity().session.count();

describe("the cross-domain hand-off", () => {
  it("serves the two sites on hosts that share no cookie; the new site's page offers the old site's login", async () => {
    expect(new URL(OLD).hostname).toBe("localhost");
    expect(new URL(NEW).hostname).toBe("127.0.0.1");
    const { browser } = await loggedInOnOld();
    expect(await me(browser, NEW)).toBeUndefined();
    const page = await (await browser.get(`${NEW}/`)).text();
    expect(page).toContain('<a class="handoff" href="/sso/start?next=%2F">Log in with the old site</a>');
    expect(await (await browser.get(`${OLD}/`)).text()).not.toContain("Log in with");
  });

  it("sends a code only to the other site's callback: any other path on a trusted origin is a 400", async () => {
    // Regression (review of issue 14): a code sent to any page of the other site could leak (analytics,
    // logs, history) and be redeemed by whoever chose the challenge.
    const { browser } = await loggedInOnOld();
    for (const path of ["/some/page?x=1", "/sso/callback?x=1", "/", "/sso/start"]) {
      const returnTo = encodeURIComponent(`${NEW}${path}`);
      const answer = await browser.get(
        `${OLD}/sso/authorize?return_to=${returnTo}&state=s&challenge=${"c".repeat(43)}`,
      );
      expect(await errorOf(answer), path).toMatchObject({ status: 400, location: null });
    }
  });

  it("burns a code whose callback fails the state check, so an attacker who chose the challenge gets nothing", async () => {
    // The attacker starts a flow of its own (its state cookie, state and challenge) and lures a logged-in
    // victim to the old site's authorize with them.
    const attacker = new Browser();
    const start = await attacker.get(`${NEW}/sso/start?next=%2F`);
    const authorizeUrl = location(start);
    const { browser: victim } = await loggedInOnOld("victim");
    const toVictim = await victim.get(authorizeUrl);
    expect(location(toVictim).startsWith(`${NEW}/sso/callback?`)).toBe(true);
    // The victim's browser follows it: no state cookie of its own, so 400, and the code is used up.
    expect((await victim.get(location(toVictim))).status).toBe(400);
    // The attacker replays the same callback with its own state cookie: nobody is logged in.
    const stolen = await attacker.get(location(toVictim));
    expect(stolen.status).toBe(401);
    expect(await me(attacker, NEW)).toBeUndefined();
  });

  it("logs the old site's user in on the new site, and a logout on the new site ends the old one's", async () => {
    const { browser, email: address } = await loggedInOnOld();
    const callback = await callbackUrl(browser, "/me");
    const done = await browser.get(callback);
    expect(done.status).toBe(303);
    expect(location(done)).toBe("/me");
    expect(await me(browser, NEW)).toBe(address);
    expect(browser.cookie("userbridge_session_handoff")).toBeUndefined();

    expect((await browser.post(`${NEW}/logout`, {})).status).toBe(200);
    expect(await me(browser, NEW)).toBeUndefined();
    await loggedOutSoon(browser, OLD);
  });

  it("a logout on the old site ends the new site's session too; another device's login stays", async () => {
    const { browser, email: address } = await loggedInOnOld();
    const phone = new Browser();
    expect((await phone.post(`${OLD}/login`, { email: address, password: PASSWORD })).status).toBe(200);
    await browser.get(await callbackUrl(browser));
    expect(await me(browser, NEW)).toBe(address);
    expect((await browser.post(`${OLD}/logout`, {})).status).toBe(200);
    await loggedOutSoon(browser, NEW);
    expect(await me(phone, OLD)).toBe(address);
  });

  it("a logout racing a hand-off of the same login never leaves the new session alive", async () => {
    for (let round = 0; round < 10; round++) {
      const { browser } = await loggedInOnOld("race");
      const callback = await callbackUrl(browser);
      await Promise.all([browser.get(callback), browser.post(`${OLD}/logout`, {})]);
      await loggedOutSoon(browser, NEW);
      await loggedOutSoon(browser, OLD);
    }
  });

  it("logoutEverywhere ends every family on both sites", async () => {
    const { browser, email: address } = await loggedInOnOld();
    await browser.get(await callbackUrl(browser));
    const user = await identity().user.findUniqueOrThrow({ where: { email: address } });
    expect(await sites.new.auth.users.logoutEverywhere(user.id)).toBe(2);
    await loggedOutSoon(browser, OLD);
    await loggedOutSoon(browser, NEW);
  });

  it("a browser not logged in on the old site logs in there and then continues the hand-off", async () => {
    const address = email("later");
    await new Browser().post(`${OLD}/signup`, { email: address, password: PASSWORD });
    const browser = new Browser();
    const start = await browser.get(`${NEW}/sso/start?next=/me`);
    const authorize = await browser.get(location(start));
    expect(authorize.status).toBe(303);
    const login = new URL(location(authorize), OLD);
    expect(login.pathname).toBe("/");
    const next = login.searchParams.get("next") ?? "";
    expect(next.startsWith("/sso/authorize?")).toBe(true);
    const page = await (await browser.get(login.href)).text();
    expect(page).toContain(`<input type="hidden" name="next" value="${next.replaceAll("&", "&amp;")}">`);
    const posted = await browser.post(
      `${OLD}/login`,
      { email: address, password: PASSWORD, next },
      { form: true },
    );
    expect(posted.status).toBe(303);
    expect(location(posted)).toBe(next);
    const resumed = await browser.get(`${OLD}${next}`);
    expect(location(resumed).startsWith(`${NEW}/sso/callback?`)).toBe(true);
    await browser.get(location(resumed));
    expect(await me(browser, NEW)).toBe(address);
  });

  it("stores only the code's hash, valid 60 s, bound to the session, origin and challenge", async () => {
    const { browser } = await loggedInOnOld();
    const callback = new URL(await callbackUrl(browser));
    const code = callback.searchParams.get("code") ?? "";
    const rows = await identity().handoffCode.findMany();
    expect(rows.some((row) => row.codeHash === code)).toBe(false);
    const row = rows.at(-1);
    expect(row?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const newest = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    expect(newest && newest.expires.getTime() - newest.createdAt.getTime()).toBe(60_000);
    expect(newest?.returnOrigin).toBe(NEW);
    expect(newest?.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("the hand-off under attack", () => {
  it("a replayed code is refused with 401 and creates no session", async () => {
    const { browser } = await loggedInOnOld();
    const callback = await callbackUrl(browser);
    const stateCookie = browser.cookie("userbridge_session_handoff") as string;
    expect((await browser.get(callback)).status).toBe(303);
    // The replay has everything the first use had, the state cookie included.
    const replay = new Browser();
    replay.setCookie("userbridge_session_handoff", stateCookie);
    const before = await sessionCount();
    const answer = await errorOf(await replay.get(callback));
    expect(answer).toEqual({ status: 401, code: "USERBRIDGE_INVALID_HANDOFF_CODE", location: null });
    expect(await sessionCount()).toBe(before);
    expect(await me(replay, NEW)).toBeUndefined();
  });

  it("an expired code is refused with 401", async () => {
    const { browser } = await loggedInOnOld();
    const callback = await callbackUrl(browser);
    // The code's 60 s are over (as if the browser had waited 61 s).
    await identity().$executeRaw`UPDATE "HandoffCode" SET "expires" = "createdAt" - interval '1 second'`;
    const answer = await errorOf(await browser.get(callback));
    expect(answer).toMatchObject({ status: 401, code: "USERBRIDGE_INVALID_HANDOFF_CODE" });
    expect(await me(browser, NEW)).toBeUndefined();
  });

  it("a code redeemed by another origin is refused with 401, and is used up", async () => {
    const { browser } = await loggedInOnOld();
    const callback = await callbackUrl(browser);
    const cookie = browser.cookieHeader(callback);
    // The same server reached under another name: its origin is not the one the code was issued for.
    const { pathname, search } = new URL(callback);
    const other = await rawRequest(NEW, `${pathname}${search}`, {
      host: `localhost:${new URL(NEW).port}`,
      cookie,
    });
    expect(other.status).toBe(401);
    expect(JSON.parse(other.body)).toMatchObject({ error: { code: "USERBRIDGE_INVALID_HANDOFF_CODE" } });
    expect((await errorOf(await browser.get(callback))).status).toBe(401);
    expect(await me(browser, NEW)).toBeUndefined();
  });

  it("a callback from another browser's flow logs nobody in (state mismatch: no login CSRF)", async () => {
    const attacker = await loggedInOnOld("attacker");
    const planted = await callbackUrl(attacker.browser);
    // The victim never started a hand-off.
    const victim = new Browser();
    expect(await errorOf(await victim.get(planted))).toEqual({
      status: 400,
      code: "USERBRIDGE_HANDOFF_STATE_MISMATCH",
      location: null,
    });
    expect(await me(victim, NEW)).toBeUndefined();
    // The victim started one of its own: its state is not the attacker's.
    await victim.get(`${NEW}/sso/start`);
    expect((await errorOf(await victim.get(planted))).code).toBe("USERBRIDGE_HANDOFF_STATE_MISMATCH");
    expect(await me(victim, NEW)).toBeUndefined();
    // A tampered state cookie is no state at all.
    const tampered = new Browser();
    const sealed = (await tampered.get(`${NEW}/sso/start`)).headers.getSetCookie()[0] ?? "";
    const value = sealed.split(";")[0]?.split("=").slice(1).join("=") ?? "";
    tampered.setCookie("userbridge_session_handoff", `${value.slice(0, -2)}xx`);
    const state = new URL(planted).searchParams.get("state") ?? "";
    const code = new URL(planted).searchParams.get("code") ?? "";
    const forged = await tampered.get(`${NEW}/sso/callback?code=${code}&state=${state}`);
    expect((await errorOf(forged)).code).toBe("USERBRIDGE_HANDOFF_STATE_MISMATCH");
  });

  it("a stolen code with another verifier (the thief's own flow) is refused with 401, and is used up", async () => {
    const victim = await loggedInOnOld("victim");
    const stolen = new URL(await callbackUrl(victim.browser));
    const thief = await loggedInOnOld("thief");
    const own = new URL(await callbackUrl(thief.browser));
    // The thief's state and cookie (so the state check passes), the victim's code: wrong verifier.
    const swap = `${NEW}/sso/callback?code=${stolen.searchParams.get("code")}&state=${own.searchParams.get("state")}`;
    expect(await errorOf(await thief.browser.get(swap))).toMatchObject({
      status: 401,
      code: "USERBRIDGE_INVALID_HANDOFF_CODE",
    });
    expect(await me(thief.browser, NEW)).toBeUndefined();
    expect((await errorOf(await victim.browser.get(stolen.href))).status).toBe(401);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/%2F%2Fevil.example/",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "http:evil.example",
    "javascript:alert(1)",
  ])("/sso/start refuses next=%j with 400 and redirects nowhere", async (next) => {
    const answer = await errorOf(
      await new Browser().get(`${NEW}/sso/start?next=${encodeURIComponent(next)}`),
    );
    expect(answer).toEqual({ status: 400, code: "USERBRIDGE_INVALID_REDIRECT", location: null });
  });

  it("POST /login refuses an open-redirect next with 400 before logging in", async () => {
    const { email: address } = await loggedInOnOld();
    for (const next of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "/%2F%2Fevil.example",
    ]) {
      const browser = new Browser();
      const response = await browser.post(`${OLD}/login`, { email: address, password: PASSWORD, next });
      expect(await errorOf(response)).toMatchObject({ status: 400, code: "USERBRIDGE_INVALID_REDIRECT" });
      expect(await me(browser, OLD)).toBeUndefined();
    }
  });

  it.each([
    "https://evil.example/sso/callback",
    "//127.0.0.1/sso/callback",
    "/sso/callback",
    "http://127.0.0.1.evil.example/sso/callback",
    "http://127.0.0.1@evil.example/sso/callback",
    "https://127.0.0.1/sso/callback",
    "http%3A%2F%2Fevil.example%2Fsso%2Fcallback",
    "http://localhost/sso/callback",
  ])(
    "/sso/authorize refuses return_to=%j with 400 and redirects nowhere, even logged in",
    async (returnTo) => {
      const { browser } = await loggedInOnOld();
      const query = new URLSearchParams({
        return_to: returnTo,
        state: "s".repeat(43),
        challenge: "c".repeat(43),
      });
      const answer = await errorOf(await browser.get(`${OLD}/sso/authorize?${query}`));
      expect(answer).toEqual({ status: 400, code: "USERBRIDGE_INVALID_REDIRECT", location: null });
    },
  );

  it("a flood of /sso/authorize keeps at most 5 codes per session, and expired codes are purged", async () => {
    const { browser } = await loggedInOnOld("flood");
    const start = await browser.get(`${NEW}/sso/start`);
    const authorize = location(start);
    for (let i = 0; i < 30; i++) expect((await browser.get(authorize)).status).toBe(303);
    await Promise.all(Array.from({ length: 20 }, () => browser.get(authorize)));
    const session = await identity().session.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(await identity().handoffCode.count({ where: { sessionId: session.id } })).toBeLessThanOrEqual(5);
    await identity().$executeRaw`UPDATE "HandoffCode" SET "expires" = "createdAt" - interval '1 second'`;
    const expired = await identity().handoffCode.count();
    expect(expired).toBeGreaterThan(1);
    await browser.get(authorize);
    expect(await identity().handoffCode.count()).toBe(1);
  });

  it("answers malformed, repeated or misplaced hand-off requests with a 4xx, never a 500", async () => {
    const { browser } = await loggedInOnOld();
    const good = new URL(await callbackUrl(browser));
    const code = good.searchParams.get("code") ?? "";
    const state = good.searchParams.get("state") ?? "";
    const cases: [string, number][] = [
      [`${NEW}/sso/callback?code=${code}%00&state=${state}`, 400],
      [`${NEW}/sso/callback?code=${code}&code=${code}&state=${state}`, 400],
      [`${NEW}/sso/callback?state=${state}`, 400],
      [`${NEW}/sso/callback?code=${code}&state=${"s".repeat(5000)}`, 400],
      [`${NEW}/sso/start?next=/a&next=/b`, 400],
      [`${OLD}/sso/start`, 404],
      [
        `${OLD}/sso/authorize?return_to=${encodeURIComponent(`${NEW}/sso/callback`)}&state=x&challenge=y`,
        400,
      ],
    ];
    for (const [url, status] of cases) {
      const response = await browser.get(url);
      expect(response.status, url).toBe(status);
      expect(response.headers.get("location"), url).toBeNull();
    }
    expect((await browser.post(`${NEW}/sso/callback`, {})).status).toBe(405);
    expect(await me(browser, NEW)).toBeUndefined();
  });
});
