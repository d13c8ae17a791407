import { describe, expect, it } from "vitest";
import { InvalidInputError, SESSION_ERROR_CODES } from "./errors.js";
import { loginInput, parseInput, signupInput } from "./input.js";

function fieldErrors(schema: typeof signupInput | typeof loginInput, body: unknown) {
  try {
    parseInput(schema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe(SESSION_ERROR_CODES.INVALID_INPUT);
    expect((error as Error).message).toMatch(/^userbridge: invalid input/);
    return (error as InvalidInputError).fieldErrors;
  }
  throw new Error("expected InvalidInputError");
}

describe("signup input", () => {
  it("normalizes a valid body", () => {
    expect(
      parseInput(signupInput, { email: "  Ada@Example.COM ", password: "12345678", name: " Ada " }),
    ).toEqual({
      email: "ada@example.com",
      password: "12345678",
      name: "Ada",
    });
    expect(parseInput(signupInput, { email: "a@b.io", password: "x".repeat(256), name: "" })).toEqual({
      email: "a@b.io",
      password: "x".repeat(256),
      name: undefined,
    });
  });

  it.each([
    ["no body", undefined, ["email", "password"]],
    ["an array", [], ["body"]],
    ["a string", "email=a@b.io", ["body"]],
    ["a missing email", { password: "12345678" }, ["email"]],
    ["a malformed email", { email: "not-an-email", password: "12345678" }, ["email"]],
    [
      "an email of 255 characters",
      { email: `${"a".repeat(245)}@example.io`, password: "12345678" },
      ["email"],
    ],
    ["an email that is a number", { email: 42, password: "12345678" }, ["email"]],
    ["a missing password", { email: "a@b.io" }, ["password"]],
    ["a 7-character password", { email: "a@b.io", password: "1234567" }, ["password"]],
    ["a 257-character password", { email: "a@b.io", password: "x".repeat(257) }, ["password"]],
    ["a password that is an array", { email: "a@b.io", password: ["12345678"] }, ["password"]],
    ["a 101-character name", { email: "a@b.io", password: "12345678", name: "n".repeat(101) }, ["name"]],
    ["a name that is an object", { email: "a@b.io", password: "12345678", name: { first: "a" } }, ["name"]],
  ])("refuses %s", (_label, body, fields) => {
    expect(Object.keys(fieldErrors(signupInput, body))).toEqual(fields);
  });
});

describe("login input", () => {
  it("accepts a short password (policies change; only the cap protects the hash)", () => {
    expect(parseInput(loginInput, { email: "A@b.io", password: "1" })).toEqual({
      email: "a@b.io",
      password: "1",
    });
  });

  it.each([
    ["an empty password", { email: "a@b.io", password: "" }, ["password"]],
    ["a 257-character password", { email: "a@b.io", password: "x".repeat(257) }, ["password"]],
    ["a malformed email", { email: "a@", password: "12345678" }, ["email"]],
    ["null", null, ["email", "password"]],
  ])("refuses %s", (_label, body, fields) => {
    expect(Object.keys(fieldErrors(loginInput, body))).toEqual(fields);
  });
});

describe("control characters", () => {
  // Regression (issue 9, defect 5): a NUL in `name` reached PostgreSQL (22021 via P2039) and became a 500.
  it.each([
    ["name", { email: "a@b.io", password: "12345678", name: "a\u0000b" }],
    ["name", { email: "a@b.io", password: "12345678", name: "line\nbreak" }],
    ["name", { email: "a@b.io", password: "12345678", name: "c1\u0085" }],
    ["email", { email: "a\u0000@b.io", password: "12345678" }],
    ["password", { email: "a@b.io", password: "1234\u00005678" }],
  ])("refuses one in %s with a 400 naming the field", (field, body) => {
    expect(fieldErrors(signupInput, body)).toEqual({ [field]: ["must not contain control characters"] });
  });

  it("keeps other Unicode text", () => {
    expect(
      parseInput(signupInput, { email: "a@b.io", password: "pässwörd ☃", name: "Zoë 山田" }),
    ).toMatchObject({ name: "Zoë 山田" });
  });
});
