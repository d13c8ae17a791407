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
