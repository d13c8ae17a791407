// The admin flag is a security boundary: decide it on ONE canonical form of the path, and route the
// application on the same form (see canonicalPath), or a variant spelling reaches admin pages
// with the shared tables (or the reverse).

/**
 * The canonical form of a request path: query and fragment dropped, percent-decoded once,
 * backslashes read as slashes, repeated slashes folded, `.`/`..` segments resolved, `;params`
 * and trailing dots/spaces dropped from each segment, lower-cased.
 * @returns `undefined` when the path cannot be decoded (bad escapes, control characters).
 */
export function canonicalPath(rawPath: string): string | undefined {
  const path = rawPath.replace(/[?#].*$/s, "");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return undefined;

  const segments: string[] = [];
  for (const rawSegment of decoded.replaceAll("\\", "/").split("/")) {
    const segment = rawSegment.split(";", 1)[0] ?? "";
    if (segment === "..") {
      segments.pop();
      continue;
    }
    const name = segment.replace(/[. ]+$/, "");
    if (name !== "") segments.push(name.toLowerCase());
  }
  return `/${segments.join("/")}`;
}

/**
 * Whether a request path is in the admin area: `/admin` or `/admin/...` after canonicalPath,
 * matched per segment (`/administrator` is not admin). A path that cannot be decoded counts as
 * admin: the admin side is the site's own, locked-down one.
 */
export function isAdminPath(rawPath: string, prefix = "admin"): boolean {
  const path = canonicalPath(rawPath);
  if (path === undefined) return true;
  return path === `/${prefix}` || path.startsWith(`/${prefix}/`);
}
