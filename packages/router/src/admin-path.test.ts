import { describe, expect, it } from "vitest";
import { canonicalPath, isAdminPath } from "./admin-path.js";

describe("isAdminPath", () => {
  const admin = [
    "/admin",
    "/admin/",
    "/admin/users?x=1",
    "/admin#frag",
    "/ADMIN",
    "/Admin/Login",
    "/%61dmin", // percent-encoded letter
    "/%2Fadmin", // encoded slash
    "/admin%2Fusers",
    "//admin",
    "///admin//users",
    "/./admin",
    "/public/../admin",
    "/public/%2e%2e/admin", // encoded dot segments
    "/a/b/../../admin/x",
    "/admin;jsessionid=1", // path parameters
    "/admin;/users",
    "/admin.", // trailing dot
    "/admin. ",
    "/admin%20",
    "\\admin", // backslash as a separator
    "/public\\..\\admin",
    "/%E0%A4%A", // cannot be decoded -> admin, the locked-down side
    "/admin%", // truncated escape
    "/public%00/admin", // control character
    "/me%0a",
    "/%2561dmin", // still encoded after one decoding: a second decoder would read /admin
    "/admin/..", // Express matches /admin/:x with x = ".."
    "/admin/%2e%2e",
    "/admin/../me",
    "http://site.test/admin/users", // absolute-form request target
    "HTTPS://site.test//Admin",
    "*", // not a path
    "admin",
  ];
  const notAdmin = [
    "/",
    "",
    "/me",
    "/administrator",
    "/admins",
    "/adminx/users",
    "/public/admin", // only the first segment decides
    "/api/admin-stats",
    "/_next/static/admin.js",
    "/me?next=/admin",
    "/me#/admin",
    "http://site.test/me",
    "http://admin.example/me", // the host is not the path
  ];

  it.each(admin)("%j is admin", (path) => expect(isAdminPath(path)).toBe(true));
  it.each(notAdmin)("%j is not admin", (path) => expect(isAdminPath(path)).toBe(false));

  it("matches another prefix per segment too", () => {
    expect(isAdminPath("/Staff/x", "staff")).toBe(true);
    expect(isAdminPath("/staffroom", "staff")).toBe(false);
  });
});

describe("canonicalPath", () => {
  it("gives one spelling for every variant, so the app can route on it", () => {
    for (const variant of ["/Admin/Users/", "//admin/./users", "/admin/x/../users", "/%61dmin/users;x=1"]) {
      expect(canonicalPath(variant)).toBe("/admin/users");
    }
    expect(canonicalPath("/")).toBe("/");
    expect(canonicalPath("/../..")).toBe("/");
    expect(canonicalPath("/bad%zz")).toBeUndefined();
    expect(canonicalPath("/%2561dmin")).toBeUndefined();
    expect(canonicalPath("http://site.test/Admin/x?y=1")).toBe("/admin/x");
  });

  it("is stable: canonicalising twice gives the same path", () => {
    for (const variant of ["/A/./b/../C;x/", "//x\\y", "/%41dmin", "/a%20b", "/public/%2e%2e/admin"]) {
      const once = canonicalPath(variant);
      expect(once).toBeDefined();
      expect(canonicalPath(once as string)).toBe(once);
    }
  });
});
