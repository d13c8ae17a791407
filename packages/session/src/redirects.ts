// Where the hand-off may send a browser: `next` only to a path of this site, `return_to` only to a
// trusted origin. Both are checked on the raw text AND on its percent-decoded forms, so an encoded
// `//evil` or `/\evil` cannot turn into another host in a later decoding step.
import { InvalidRedirectError } from "./errors.js";

const MAX_LENGTH = 2048;
const MAX_DECODINGS = 4;
// Control characters, backslashes and whitespace: browsers strip or rewrite them ("/\evil" is "//evil").
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0020\u007f\\]/;
const BASE = "http://next.invalid";

/** The value and each of its percent-decodings until it stops changing, or undefined if malformed. */
function decodings(value: string): string[] | undefined {
  const forms = [value];
  let current = value;
  for (let round = 0; round < MAX_DECODINGS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (decoded === current) return forms;
    forms.push(decoded);
    current = decoded;
  }
  return undefined;
}

/**
 * `next` as a path of this site (`/account?tab=1`), or throws: absolute URLs, scheme-relative `//evil`,
 * `/\evil`, their percent-encoded forms, control characters and over-long values are refused.
 * @throws InvalidRedirectError (400)
 */
export function safeNextPath(value: unknown, parameter = "next"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) {
    throw new InvalidRedirectError(
      parameter,
      `it must be a path of this site of at most ${MAX_LENGTH} characters`,
    );
  }
  const forms = decodings(value);
  const local = (form: string) => form.startsWith("/") && !/^\/[/\\]/.test(form) && !UNSAFE.test(form);
  if (forms === undefined || !forms.every(local)) {
    throw new InvalidRedirectError(parameter, "it must be a path on this site, starting with a single /");
  }
  const url = new URL(value, BASE);
  if (url.origin !== BASE) throw new InvalidRedirectError(parameter, "it must stay on this site");
  // What is returned is the normalised path: `/.//evil` and `/x/..//evil` become `//evil` there.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!(decodings(path) ?? [""]).every(local)) {
    throw new InvalidRedirectError(parameter, "it must be a path on this site, starting with a single /");
  }
  return path;
}

/**
 * `return_to` as a URL on one of `trustedOrigins` (exact origin, scheme included), or throws: unknown
 * origins, user-info (`https://trusted@evil`), fragments, unsafe characters and odd spellings are refused.
 * @throws InvalidRedirectError (400)
 */
export function trustedReturnTo(value: unknown, trustedOrigins: readonly string[]): URL {
  const refuse = (reason: string) => new InvalidRedirectError("return_to", reason);
  if (typeof value !== "string" || value.length > MAX_LENGTH || !URL.canParse(value)) {
    throw refuse(`it must be an absolute URL of at most ${MAX_LENGTH} characters`);
  }
  const url = new URL(value);
  if (UNSAFE.test(value) || url.username !== "" || url.password !== "" || url.hash !== "") {
    throw refuse("it must be a plain URL (no user-info, fragment, spaces or backslashes)");
  }
  // The exact spelling: `HTTP://Host:443/...` or `https:host` would parse to a trusted origin too.
  if (!trustedOrigins.includes(url.origin) || !value.startsWith(`${url.origin}/`)) {
    throw refuse(`${JSON.stringify(url.origin)} is not in SESSION_TRUSTED_ORIGINS of this site`);
  }
  return url;
}
