// The admin flag is a security boundary: decide it on ONE canonical form of the path, and route the
// application on the same form (see canonicalPath), or a variant spelling reaches admin pages
// with the shared tables (or the reverse). When in doubt the answer is "admin": that side is the
// site's own, locked-down one.

// `GET http://host/admin HTTP/1.1` (absolute-form request target) is valid HTTP.
const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i;
const STILL_ENCODED = /%[0-9a-f]{2}/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * The path's segments as written: decoded once, backslashes read as slashes, empty segments
 * dropped, `;params` and trailing dots/spaces dropped (but `.` and `..` kept), lower-cased.
 * `undefined` when it cannot be decoded, is still percent-encoded after one decoding (a second
 * decoder would read something else), holds control characters, or is not a path at all.
 */
function segmentsOf(rawPath: string): string[] | undefined {
  const target = rawPath.replace(SCHEME_AND_AUTHORITY, "").replace(/[?#].*$/s, "") || "/";
  if (!target.startsWith("/") && !target.startsWith("\\")) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return undefined;
  }
  if (STILL_ENCODED.test(decoded) || CONTROL_CHARACTERS.test(decoded)) return undefined;

  const segments: string[] = [];
  for (const rawSegment of decoded.replaceAll("\\", "/").split("/")) {
    const segment = rawSegment.split(";", 1)[0] ?? "";
    const name = segment === "." || segment === ".." ? segment : segment.replace(/[. ]+$/, "");
    if (name !== "") segments.push(name.toLowerCase());
  }
  return segments;
}

function resolveDotSegments(segments: readonly string[]): string[] {
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === "..") resolved.pop();
    else if (segment !== ".") resolved.push(segment);
  }
  return resolved;
}

/**
 * The canonical form of a request path: scheme and host, query and fragment dropped,
 * percent-decoded once, backslashes read as slashes, repeated slashes folded, `.`/`..` segments
 * resolved, `;params` and trailing dots/spaces dropped from each segment, lower-cased.
 * Applying it twice gives the same result.
 * @returns `undefined` when the path cannot be decoded, is still encoded after one decoding, or holds control characters.
 */
export function canonicalPath(rawPath: string): string | undefined {
  const segments = segmentsOf(rawPath);
  return segments && `/${resolveDotSegments(segments).join("/")}`;
}

/**
 * Whether a request path is in the admin area: `/admin` or `/admin/...`, matched per segment
 * (`/administrator` is not admin), on the canonical path and also on the first segment as written
 * (a router that leaves dot segments alone serves `/admin/..` from its admin routes). A path that
 * canonicalPath refuses counts as admin.
 */
export function isAdminPath(rawPath: string, prefix = "admin"): boolean {
  const segments = segmentsOf(rawPath);
  if (segments === undefined) return true;
  const asWritten = segments.find((segment) => segment !== "." && segment !== "..");
  return resolveDotSegments(segments)[0] === prefix || asWritten === prefix;
}
