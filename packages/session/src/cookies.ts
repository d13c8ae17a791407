import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { type CookieJar, type CookieStore, nodeCookies, webCookies } from "iron-session";

/** Node's http server (also Express, Connect, Next.js pages API routes). */
export type NodeCarrier = [req: IncomingMessage, res: ServerResponse];
/** A fetch-style handler: cookies are read from `request`, Set-Cookie appended to `response`. */
export type FetchCarrier = [request: Request, response: Response | Headers];
/**
 * Next.js App Router: `await cookies()`. It knows nothing of the request, so say whether the cookie
 * must be `Secure` when the site is plain-http localhost.
 */
export type CookieStoreCarrier = [
  cookies: CookieStore,
  options?: {
    /** The cookie's Secure flag. @default the config's `secure`, with "auto" meaning Secure */
    readonly secure?: boolean;
  },
];
/** Where a session call reads and writes its cookie. */
export type CookieCarrier = NodeCarrier | FetchCarrier | CookieStoreCarrier;

/** What a call learns from its carrier. */
export interface RequestCookies {
  readonly jar: CookieJar;
  /** The `Origin` header: `undefined` when absent or unknown. */
  readonly origin: string | undefined;
  /**
   * The origin the browser sent the request to (`https://host:port`), when known: the scheme is
   * https on a TLS socket or when a proxy says so (`X-Forwarded-Proto` / `Forwarded`), else the URL's.
   */
  readonly ownOrigin: string | undefined;
  /** The client's address as this server sees it (the socket's peer), when known. */
  readonly address: string | undefined;
  /** Whether `Secure` would stop the cookie from working: plain http to a loopback host. */
  readonly insecureLocalhost: boolean;
  /** Overrides the config's `secure` (cookie-store carriers only). */
  readonly secure: boolean | undefined;
}

const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1|\[::1\])$/i;

function hostname(host: string | undefined): string | undefined {
  if (!host || !URL.canParse(`http://${host}`)) return undefined;
  return new URL(`http://${host}`).hostname;
}

function isLoopback(host: string | undefined): boolean {
  const name = hostname(host);
  return name !== undefined && LOOPBACK.test(name);
}

/**
 * Whether a proxy in front says the browser used https (`X-Forwarded-Proto` / `Forwarded`): a
 * TLS-terminating proxy that forwards `Host: localhost` must not make the cookie lose `Secure`.
 */
function forwardedAsHttps(header: (name: string) => string | string[] | undefined | null): boolean {
  const proto = [header("x-forwarded-proto"), header("forwarded")].flat().join(",").toLowerCase();
  return /(^|[\s,;])(proto=)?"?https"?($|[\s,;])/.test(proto);
}

function originOf(https: boolean, host: string | undefined): string | undefined {
  const url = `${https ? "https" : "http"}://${host}`;
  return host && URL.canParse(url) ? new URL(url).origin : undefined;
}

function isWebRequest(value: unknown): value is Request {
  return typeof Request !== "undefined" && value instanceof Request;
}

function isCookieStore(value: unknown): value is CookieStore {
  const candidate = value as Partial<CookieStore> | null;
  return (
    typeof candidate?.get === "function" && typeof candidate.set === "function" && !("headers" in candidate)
  );
}

/** Turns any supported carrier into one cookie jar plus what the request says about itself. */
export function requestCookies(carrier: CookieCarrier): RequestCookies {
  const [first, second] = carrier;
  if (isWebRequest(first)) {
    const url = new URL(first.url);
    const host = first.headers.get("host") ?? url.host;
    const https = url.protocol === "https:" || forwardedAsHttps((name) => first.headers.get(name));
    return {
      jar: webCookies(first, second as Response | Headers),
      origin: first.headers.get("origin") ?? undefined,
      ownOrigin: originOf(https, host),
      address: undefined,
      insecureLocalhost: !https && isLoopback(host),
      secure: undefined,
    };
  }
  if (isCookieStore(first)) {
    const store = first;
    return {
      jar: {
        read: (name) => store.get(name)?.value,
        write: (name, value, options) => store.set(name, value, options),
      },
      origin: undefined,
      ownOrigin: undefined,
      address: undefined,
      insecureLocalhost: false,
      secure: (second as CookieStoreCarrier[1])?.secure,
    };
  }
  const req = first as IncomingMessage;
  const host = req.headers.host;
  const https =
    (req.socket as TLSSocket | undefined)?.encrypted === true ||
    forwardedAsHttps((name) => req.headers[name]);
  return {
    jar: nodeCookies(req, second as ServerResponse),
    origin: req.headers.origin,
    ownOrigin: originOf(https, host),
    address: req.socket?.remoteAddress,
    insecureLocalhost: !https && isLoopback(host),
    secure: undefined,
  };
}

/** Where one kind of session cookie lives: the shared one, or a site's admin one. */
export interface CookieSpec {
  readonly name: string;
  readonly path: string;
  readonly domain: string | undefined;
}

/** Writes (or, with `value` "" and `maxAge` 0, clears) a session cookie with its full attributes. */
export function writeSessionCookie(
  request: RequestCookies,
  spec: CookieSpec,
  secureSetting: boolean | "auto",
  value: string,
  maxAge: number,
): void {
  const secure = request.secure ?? (secureSetting === "auto" ? !request.insecureLocalhost : secureSetting);
  request.jar.write(spec.name, value, {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: spec.path,
    ...(spec.domain === undefined ? {} : { domain: spec.domain }),
    maxAge,
  });
}
