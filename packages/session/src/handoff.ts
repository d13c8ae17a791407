// The cross-domain hand-off (SESSION_HOME_URL): /sso/start on the other site, /sso/authorize on the home
// site, /sso/callback back on the other site. See README "Sites with no common cookie domain".
import { timingSafeEqual } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import type { SessionConfig } from "./config.js";
import {
  type CookieCarrier,
  type CookieSpec,
  type RequestCookies,
  requestCookies,
  writeSessionCookie,
} from "./cookies.js";
import {
  HandoffNotConfiguredError,
  HandoffStateMismatchError,
  InvalidHandoffCodeError,
  InvalidInputError,
  InvalidRedirectError,
} from "./errors.js";
import type { HandoffStore } from "./handoff-store.js";
import { type PositionCarrier, positionCarrier } from "./positions.js";
import { safeNextPath, trustedReturnTo } from "./redirects.js";
import type { Sealer } from "./seal.js";
import type { SessionApi } from "./sessions.js";
import type { IdentityStore, SessionUser } from "./store.js";
import { handoffChallenge, hashSessionToken, newSessionToken } from "./token.js";

/** A code is worth this long after /sso/authorize issued it. */
export const HANDOFF_CODE_TTL_SECONDS = 60;
/** How long a browser may take from /sso/start (through a login on the home site) to /sso/callback. */
export const HANDOFF_COOKIE_TTL_SECONDS = 600;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;
const cookieContent = z.object({
  v: z.literal(1),
  state: z.string().regex(TOKEN),
  verifier: z.string().regex(TOKEN),
  next: z.string(),
});

export interface HandoffDeps {
  readonly config: SessionConfig;
  /** The shared session cookie of this site. */
  readonly cookie: CookieSpec;
  readonly sealer: Sealer;
  readonly store: IdentityStore;
  readonly handoffs: HandoffStore;
  readonly users: Pick<SessionApi, "getUser">;
  readonly now: () => number;
  /** What cookies observe and carry of `db.$causal` (read replicas). @default none */
  readonly positions?: PositionCarrier;
}

/** Where a GET /sso/authorize sends the browser. */
export type AuthorizeResult =
  | { readonly kind: "redirect"; readonly location: string }
  /** Not logged in here: show the login, then send the browser to `resume` (a path of this site). */
  | { readonly kind: "login"; readonly resume: string };

export interface Handoff {
  /**
   * `GET /sso/start?next=`: a new state and verifier in this site's short-lived HttpOnly cookie.
   * @returns the home site's /sso/authorize URL to redirect to
   * @throws HandoffNotConfiguredError (no SESSION_HOME_URL), InvalidRedirectError (`next`), InvalidInputError
   */
  start(query: URLSearchParams, basePath: string, ...carrier: CookieCarrier): Promise<string>;
  /**
   * `GET /sso/authorize?return_to=&state=&challenge=` on the home site: a single-use 60 s code for a
   * logged-in browser, bound to its session, the return_to origin and the challenge.
   * @throws InvalidRedirectError (return_to not on a trusted origin: redirect nowhere), InvalidInputError
   */
  authorize(query: URLSearchParams, basePath: string, ...carrier: CookieCarrier): Promise<AuthorizeResult>;
  /**
   * `GET /sso/callback?code=&state=`: checks state against this browser's cookie, redeems the code with
   * its verifier, starts this site's session in the home session's family.
   * @returns the user and the path to send the browser to
   * @throws HandoffStateMismatchError (400), InvalidHandoffCodeError (401), InvalidInputError
   */
  callback(query: URLSearchParams, ...carrier: CookieCarrier): Promise<{ user: SessionUser; next: string }>;
}

/** The one value of a query parameter; absent or repeated (two readings) is a 400. */
function single(query: URLSearchParams, name: string, format?: RegExp): string {
  const values = query.getAll(name);
  if (values.length !== 1) throw new InvalidInputError({ [name]: ["must be given exactly once"] });
  const [value = ""] = values;
  if (format && !format.test(value)) throw new InvalidInputError({ [name]: ["is malformed"] });
  return value;
}

function ownOriginOf(request: RequestCookies): string {
  if (request.ownOrigin === undefined)
    throw new InvalidInputError({ host: ["the request names no host, so its origin is unknown"] });
  return request.ownOrigin;
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function createHandoff(deps: HandoffDeps): Handoff {
  const { config, cookie, sealer, store, handoffs, now } = deps;
  const positions = deps.positions ?? positionCarrier(undefined);
  // Host-only on purpose: the hand-off exists for sites that share no cookie domain.
  const stateCookie: CookieSpec = { name: `${config.cookieName}_handoff`, path: "/", domain: undefined };
  const password = () => ({ ...config.passwords });

  async function readState(request: RequestCookies) {
    const sealed = request.jar.read(stateCookie.name);
    if (!sealed) return undefined;
    const content = await unsealData(sealed, { password: password(), ttl: HANDOFF_COOKIE_TTL_SECONDS });
    const parsed = cookieContent.safeParse(content);
    return parsed.success ? parsed.data : undefined;
  }

  return {
    async start(query, basePath, ...carrier) {
      if (config.homeUrl === undefined) throw new HandoffNotConfiguredError();
      const nexts = query.getAll("next");
      if (nexts.length > 1) throw new InvalidInputError({ next: ["must be given at most once"] });
      const next = safeNextPath(nexts[0] ?? "/");
      const request = requestCookies(carrier);
      const returnTo = `${ownOriginOf(request)}${basePath}/callback`;
      const state = newSessionToken();
      const verifier = newSessionToken();
      const sealed = await sealData(
        { v: 1, state, verifier, next },
        { password: password(), ttl: HANDOFF_COOKIE_TTL_SECONDS },
      );
      writeSessionCookie(request, stateCookie, config.secure, sealed, HANDOFF_COOKIE_TTL_SECONDS);
      const authorize = new URL(`${basePath}/authorize`, config.homeUrl);
      authorize.search = new URLSearchParams({
        return_to: returnTo,
        state,
        challenge: handoffChallenge(verifier),
      }).toString();
      return authorize.href;
    },

    async authorize(query, basePath, ...carrier) {
      // return_to first: a bad one is refused whoever asks, and the browser goes nowhere.
      const returnTo = trustedReturnTo(single(query, "return_to"), config.trustedOrigins);
      // The code goes to the other site's callback and nowhere else (a page's analytics, logs or history).
      if (returnTo.pathname !== `${basePath}/callback` || returnTo.search !== "") {
        throw new InvalidRedirectError(
          "return_to",
          `it must be exactly <trusted origin>${basePath}/callback`,
        );
      }
      const state = single(query, "state", STATE);
      const challenge = single(query, "challenge", TOKEN);
      const resume = `${basePath}/authorize?${new URLSearchParams({ return_to: returnTo.href, state, challenge })}`;
      const user = await deps.users.getUser(...carrier);
      const value = requestCookies(carrier).jar.read(cookie.name);
      const sessionTokenHash = user && value ? await sealer.tokenHash(value, now()) : undefined;
      if (sessionTokenHash === undefined) return { kind: "login", resume };
      const code = newSessionToken();
      const at = now();
      const issued = await handoffs.issue({
        sessionTokenHash,
        codeHash: hashSessionToken(code),
        returnOrigin: returnTo.origin,
        challenge,
        now: at,
        expires: at + HANDOFF_CODE_TTL_SECONDS * 1000,
      });
      if (!issued) return { kind: "login", resume };
      const location = new URL(returnTo);
      location.searchParams.set("code", code);
      location.searchParams.set("state", state);
      return { kind: "redirect", location: location.href };
    },

    async callback(query, ...carrier) {
      const request = requestCookies(carrier);
      const code = single(query, "code", TOKEN);
      const state = single(query, "state", STATE);
      const expected = await readState(request);
      // Used once, whatever happens next.
      writeSessionCookie(request, stateCookie, config.secure, "", 0);
      if (expected === undefined || !sameText(expected.state, state)) {
        // Another browser's code (a login CSRF, or a code the victim's browser was sent to): worthless now.
        await handoffs.discard(hashSessionToken(code));
        throw new HandoffStateMismatchError();
      }
      const next = safeNextPath(expected.next);
      // This browser's session here, if any: its positions are observed before the statement and kept.
      const previousValue = request.jar.read(cookie.name);
      const previous = previousValue ? await sealer.open(previousValue, now()) : undefined;
      if (previous) positions.observe(previous.positions);
      const token = newSessionToken();
      const at = now();
      const redeemed = await handoffs.redeem({
        codeHash: hashSessionToken(code),
        returnOrigin: ownOriginOf(request),
        challenge: handoffChallenge(expected.verifier),
        now: at,
        idleBefore: at - config.idleTimeout * 1000,
        sessionTokenHash: hashSessionToken(token),
        expires: at + config.ttl * 1000,
      });
      if (redeemed === undefined) throw new InvalidHandoffCodeError();
      // No fixation: whatever session this browser had here is dead now.
      if (previous !== undefined) await store.deleteSession({ tokenHash: previous.tokenHash });
      const maxAge = Math.max(1, Math.floor((redeemed.expires.getTime() - at) / 1000));
      // After the last write (the new session row): the next page here finds it on a replica.
      const carried = await positions.next(previous?.positions ?? {});
      // The seal ends with the cookie (the home session's expiry), so a re-seal keeps both.
      const sealed = await sealer.seal(token, { positions: carried, ttl: maxAge });
      writeSessionCookie(request, cookie, config.secure, sealed, maxAge);
      return { user: redeemed.user, next };
    },
  };
}
