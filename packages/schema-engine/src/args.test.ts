import { expect, it } from "vitest";
import { parseArgs } from "./args.ts";

it("parses the arguments the prisma CLI passes", () => {
  expect(
    parseArgs([
      "--datamodels",
      "/a.prisma",
      "--datamodels",
      "/b.prisma",
      "--datasource",
      JSON.stringify({ url: "postgresql://h/d", shadowDatabaseUrl: "" }),
      "--enabled-preview-features",
      "views",
    ]),
  ).toEqual({
    datamodelPaths: ["/a.prisma", "/b.prisma"],
    datasource: { url: "postgresql://h/d" },
    cliCommand: undefined,
    version: false,
  });
  expect(parseArgs(["--datasource", '{"url":"postgresql://h/d"}', "cli", "drop-database"]).cliCommand).toBe(
    "drop-database",
  );
});

it("rejects what it does not know, in a message naming the shim", () => {
  expect(() => parseArgs(["cli", "launch-rockets"])).toThrow(
    /^userbridge-schema-engine: unknown cli command/,
  );
  expect(() => parseArgs(["--datasource", "{"])).toThrow(/not valid JSON/);
  expect(() => parseArgs(["--bogus"])).toThrow(/unknown argument/);
});
