// The admin flag is a security boundary. A framework routes a request on ITS reading of the path
// (raw or decoded, case-sensitive or not, dot segments resolved or not), and the flag must never
// disagree with it. So a path is admin only when its first segment is written exactly as the prefix,
// and a path that any common reading could take for something else is refused: dot segments,
// double encoding, control characters, backslashes, and any spelling that some normalisation
// (decoding, case folding, Unicode NFKC, `;params`, trailing dots or whitespace, repeated slashes)
// would read as the prefix while the bytes do not spell it. When unsure, refuse; never guess a side.

/** Why a request path was refused (stable: tests and logs switch on it). */
export type RefusedPathReason =
  | "not-a-path"
  | "bad-encoding"
  | "double-encoded"
  | "control-character"
  | "backslash"
  | "dot-segment"
  | "ambiguous-prefix";

/** One reading of a request target: the side it is on, or why it cannot be read safely. */
export type PathReading =
  | { readonly ok: true; readonly admin: boolean }
  | { readonly ok: false; readonly reason: RefusedPathReason };

// `GET http://host/admin HTTP/1.1` (absolute-form request target) is valid HTTP. Anchored: linear.
const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i;
const STILL_ENCODED = /%[0-9a-f]{2}/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// What readers trim or ignore at a segment's end: dots (Windows, IIS), whitespace, format characters (BOM, ZWSP).
const IGNORABLE = /[.\s\p{Cf}]/u;
// Most paths: ASCII segments that start with a letter, digit or `_~-` (so none is a dot segment), no
// escapes, no empty segments. Unambiguous (each group starts at a slash), so linear.
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*\/?$/;
const refused = (reason: RefusedPathReason): PathReading => ({ ok: false, reason });

/** The path part of a request target (absolute or origin form), before `?` or `#`. */
function pathOf(target: string): string {
  const rest = target.replace(SCHEME_AND_AUTHORITY, "");
  const query = rest.search(/[?#]/);
  const path = query === -1 ? rest : rest.slice(0, query);
  return path === "" && rest !== target ? "/" : path;
}

/** A segment as a lenient reader sees it: `;params` dropped, ignorable ends trimmed. Linear in its length. */
function bareSegment(segment: string): string {
  const params = segment.indexOf(";");
  const name = params === -1 ? segment : segment.slice(0, params);
  let start = 0;
  let end = name.length;
  while (start < end && name[start] !== "." && IGNORABLE.test(name[start] as string)) start++;
  while (end > start && IGNORABLE.test(name[end - 1] as string)) end--;
  return name.slice(start, end);
}

/**
 * `.`, `..`, `..;x`, `. .`, `;x`: a segment with something written but nothing left once bareSegment
 * trims it. One regex pass: it can only start right after a slash, and runs after two slashes never
 * overlap, so it is linear.
 */
const DOT_SEGMENT = /(?:^|\/)(?:[.\s\p{Cf}]+(?:;[^/]*)?|[.\s\p{Cf}]*;[^/]*)(?=\/|$)/u;

/** Whether a lenient reader (slashes folded, `?`/`#` decoded then parsed again, case folded) sees `prefix` first. */
function lenientlySpells(path: string, prefix: string): boolean {
  const beforeQuery = path.split(/[?#]/, 1)[0] as string;
  const first = bareSegment(beforeQuery.match(/[^/]+/)?.[0] ?? "");
  return first.toLowerCase() === prefix.toLowerCase() || first.toUpperCase() === prefix.toUpperCase();
}

/** The fast path of readRequestPath, for PLAIN_PATH: only case and trailing dots can disguise the prefix. */
function readPlainPath(path: string, prefix: string): PathReading {
  const slash = path.indexOf("/", 1);
  const first = path.slice(1, slash === -1 ? undefined : slash);
  if (first === prefix) return { ok: true, admin: true };
  return lenientlySpells(first, prefix) ? refused("ambiguous-prefix") : { ok: true, admin: false };
}

/**
 * Reads a request target (`req.url`, `request.url`, or Express' `originalUrl`) the one way every
 * adapter decides on. `admin` is true exactly when the first segment is written as `prefix`
 * (`/admin`, `/admin/...`; not `/administrator`, not `/Admin`, not `/%61dmin`).
 * Refuses (`ok: false`) a target that cannot be decoded, is still encoded after one decoding, holds
 * control characters or backslashes (also encoded), has a dot segment (`.`, `..`, `..;`, `%2e%2e`,
 * fullwidth dots), or spells the prefix in any other way. Linear time in the target's length.
 * @example readRequestPath("/admin/users") // { ok: true, admin: true }
 * @example readRequestPath("/admin/../signup") // { ok: false, reason: "dot-segment" }
 */
export function readRequestPath(target: string, prefix = "admin"): PathReading {
  const path = pathOf(target);
  if (PLAIN_PATH.test(path)) return readPlainPath(path, prefix);
  if (!path.startsWith("/")) return refused("not-a-path");
  if (CONTROL_CHARACTER.test(path)) return refused("control-character");
  if (path.includes("\\")) return refused("backslash");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return refused("bad-encoding");
  }
  if (STILL_ENCODED.test(decoded)) return refused("double-encoded");
  // A reader may also fold Unicode compatibility forms (fullwidth `．．`, `ａｄｍｉｎ`, `／`): read both.
  // Repeated slashes folded first (readers fold them; the exact first segment is read from `path`).
  const forms = [decoded, decoded.normalize("NFKC")].map((form) => form.replace(/\/{2,}/g, "/"));
  if (forms.some((form) => CONTROL_CHARACTER.test(form))) return refused("control-character");
  if (forms.some((form) => form.includes("\\"))) return refused("backslash");
  if (forms.some((form) => DOT_SEGMENT.test(form))) return refused("dot-segment");

  const plain = readPlainPath(path, prefix);
  if (plain.ok && !plain.admin && forms.some((form) => lenientlySpells(form, prefix))) {
    return refused("ambiguous-prefix");
  }
  return plain;
}
