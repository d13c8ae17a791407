import { describe, expect, it } from "vitest";
import { parseCommandLine, UsageError } from "./cli.ts";

describe("parseCommandLine (node:util parseArgs, strict)", () => {
  const dev = { name: { type: "string", short: "n" }, "create-only": { type: "boolean" } } as const;

  it("reads options in every spelling, and positionals", () => {
    for (const args of [
      ["app", "--name", "init"],
      ["--name=init", "app"],
      ["app", "-n", "init"],
    ]) {
      const { values, positionals } = parseCommandLine(args, dev);
      expect(values.name, args.join(" ")).toBe("init");
      expect(positionals).toEqual(["app"]);
    }
    expect(parseCommandLine(["-h"], dev).values.help).toBe(true);
    // A migration may well be named like a schema.
    expect(parseCommandLine(["app", "--name", "shared"], dev).positionals).toEqual(["app"]);
  });

  it("turns unknown options, missing values and values of flags into usage errors", () => {
    expect(() => parseCommandLine(["app", "--nmae", "x"], dev)).toThrow(UsageError);
    expect(() => parseCommandLine(["app", "--nmae", "x"], dev)).toThrow("Unknown option '--nmae'");
    expect(() => parseCommandLine(["app", "--name"], dev)).toThrow(/--name/);
    expect(() => parseCommandLine(["app", "--create-only=yes"], dev)).toThrow(/--create-only/);
  });
});
