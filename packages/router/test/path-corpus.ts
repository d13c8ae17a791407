// Hostile and ordinary spellings of request paths, shared by the unit tests of readRequestPath and
// by every adapter test that serves them on a real server (Express, node:http, fetch, Next.js).

/** Read as the admin side: the first segment is written exactly `admin`. */
export const ADMIN_PATHS = [
  "/admin",
  "/admin/",
  "/admin/users",
  "/admin/users/",
  "/admin/users?x=1",
  "/admin?next=/../me",
  "/admin#frag",
  "/admin/caf%C3%A9", // an encoded letter below the prefix is fine
  "/admin/a%20b",
  "http://site.test/admin/users", // absolute-form request target
] as const;

/** Read as the site side. */
export const SITE_PATHS = [
  "/",
  "/me",
  "/Me",
  "/signup",
  "/administrator",
  "/admins",
  "/admin-tools",
  "/admin.html",
  "/api/admin", // not the first segment
  "/me/admin",
  "/caf%C3%A9",
  "/search/what%3F", // an encoded ? after the first segment
  "/me?x=/admin",
  "/.well-known/security.txt", // leading dots are a name, not a dot segment
  "/100%25",
] as const;

/** Refused with 400: some reading would route them elsewhere than their bytes say. */
export const REFUSED_PATHS = [
  // Dot segments, plain and disguised (issue 9, defect 1).
  "/admin/../signup",
  "/ADMIN/../signup",
  "/./admin/../signup",
  "/admin/x/../../signup",
  "/admin;x/../signup",
  "/admin./../signup",
  "/admin/%2e%2e/signup",
  "/%61dmin/../signup",
  "/admin%5c..%5csignup",
  "/admin/..;/signup",
  "/admin/..",
  "/admin/.",
  "/me/../admin",
  "/public/%2e%2e/admin",
  "/admin/.%2e/signup",
  "/admin/%2E%2E/signup",
  "/admin/..%20/signup",
  "/admin/%EF%BC%8E%EF%BC%8E/signup", // fullwidth dots: NFKC reads ".."
  "/x%3F/../admin", // dot segments after a decoded "?"
  "/admin/...",
  // Other spellings of the prefix (defect 1 and the Next.js catch-all of defect 9).
  "/ADMIN",
  "/Admin/users",
  "/%61dmin",
  "/%41DMIN",
  "/admin.",
  "/admin./users",
  "/admin%2e",
  "/admin;x=1/users",
  "/admin%3Bx",
  "/;x/admin",
  "//admin",
  "///admin//users",
  "/admin%2Fsettings",
  "/%2Fadmin",
  "/admin%20",
  "/%20admin",
  "/admin%09",
  "/%EF%BD%81%EF%BD%84%EF%BD%8D%EF%BD%89%EF%BD%8E", // fullwidth "admin"
  // `?`, `#` and whitespace smuggled in encodings (defect 2).
  "/admin%3F",
  "/admin%23x",
  "/admin%C2%A0",
  "/admin%EF%BB%BF",
  "/admin%3F/users",
  "/admin%E2%80%8B", // zero-width space
  // Double encoding, bad encoding, control characters, backslashes (defect 9).
  "/api/users/%2561",
  "/api/auth/signup/%2561",
  "/%2561dmin/users",
  "/admin%",
  "/%E0%A4%A",
  "/%C0%AE%C0%AE/admin", // overlong UTF-8
  "/public%00/admin",
  "/me%0a",
  "/me%7F",
  "\\admin",
  "/public\\..\\admin",
  "/admin%5cusers",
  "*",
  "admin",
] as const;
