import { describe, expect, it } from "vitest";
import { parseAdminArgs, parseDemoArgs, parseScreenshotsArgs, parseSitesArgs } from "./args.js";

describe("parseDemoArgs", () => {
  it("reads the flags, --data-dir in both spellings", () => {
    expect(parseDemoArgs([])).toEqual({
      kind: "run",
      options: { reset: false, crossDomain: false, dataDir: undefined },
    });
    expect(parseDemoArgs(["--reset", "--cross-domain", "--data-dir=/tmp/x"])).toEqual({
      kind: "run",
      options: { reset: true, crossDomain: true, dataDir: "/tmp/x" },
    });
    expect(parseDemoArgs(["--data-dir", "rel"])).toMatchObject({ options: { dataDir: "rel" } });
  });

  it("prints the help for -h, and names an unknown option", () => {
    expect(parseDemoArgs(["-h"])).toMatchObject({
      kind: "help",
      usage: expect.stringMatching(/^usage: pnpm demo/),
    });
    const unknown = parseDemoArgs(["--rest"]);
    expect(unknown.kind).toBe("error");
    expect(unknown.kind === "error" && unknown.message).toMatch(/--rest[\s\S]*usage: pnpm demo/);
    expect(parseDemoArgs(["stray"]).kind).toBe("error");
  });
});

describe("parseSitesArgs", () => {
  it("migrates unless --no-migrate; --cross-domain only when given", () => {
    expect(parseSitesArgs([])).toEqual({
      kind: "run",
      options: { site: undefined, crossDomain: undefined, migrate: true },
    });
    expect(parseSitesArgs(["--site", "new", "--cross-domain", "--no-migrate"])).toEqual({
      kind: "run",
      options: { site: "new", crossDomain: true, migrate: false },
    });
  });

  it("refuses an unknown site", () => {
    const parsed = parseSitesArgs(["--site=mars"]);
    expect(parsed.kind === "error" && parsed.message).toMatch(/--site must be one of old, new/);
  });
});

describe("parseAdminArgs", () => {
  it("takes a site, an email, a password and an optional name", () => {
    expect(parseAdminArgs(["new", "a@b.io", "pw", "Ada"])).toEqual({
      kind: "run",
      options: { site: "new", email: "a@b.io", password: "pw", name: "Ada" },
    });
    expect(parseAdminArgs(["old", "a@b.io", "pw"])).toMatchObject({ options: { name: undefined } });
  });

  it("refuses a missing password, an unknown site and extra arguments", () => {
    for (const argv of [
      ["old", "a@b.io"],
      ["mars", "a@b.io", "pw"],
      ["old", "a", "b", "c", "d"],
    ]) {
      expect(parseAdminArgs(argv).kind, argv.join(" ")).toBe("error");
    }
  });
});

describe("parseScreenshotsArgs", () => {
  it("takes --out", () => {
    expect(parseScreenshotsArgs(["--out", "/tmp/shots"])).toEqual({
      kind: "run",
      options: { out: "/tmp/shots" },
    });
    expect(parseScreenshotsArgs([])).toEqual({ kind: "run", options: { out: undefined } });
  });
});
