import { DatabaseUnavailableError } from "@userbridge/db";
import {
  EmailTakenError,
  ForbiddenOriginError,
  InvalidCredentialsError,
  InvalidInputError,
} from "@userbridge/session";
import { describe, expect, it } from "vitest";
import { DEMO_ERROR_CODES, HttpError } from "./errors.js";
import { describeError } from "./respond.js";

describe("describeError", () => {
  it.each([
    [new InvalidInputError({ email: ["is required"] }), 400, "USERBRIDGE_INVALID_INPUT"],
    [new InvalidCredentialsError(), 401, "USERBRIDGE_INVALID_CREDENTIALS"],
    [new ForbiddenOriginError("https://evil.example"), 403, "USERBRIDGE_FORBIDDEN_ORIGIN"],
    [new EmailTakenError(), 409, "USERBRIDGE_EMAIL_TAKEN"],
    [
      new DatabaseUnavailableError("shared", new Error("ECONNREFUSED")),
      503,
      "USERBRIDGE_DATABASE_UNAVAILABLE",
    ],
    [
      new HttpError(415, DEMO_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE, "x"),
      415,
      "USERBRIDGE_UNSUPPORTED_MEDIA_TYPE",
    ],
    [new Error("boom"), 500, "USERBRIDGE_INTERNAL"],
    ["not even an error", 500, "USERBRIDGE_INTERNAL"],
  ])("%s -> %i %s", (error, status, code) => {
    const described = describeError(error);
    expect(described.status).toBe(status);
    expect(described.body.error.code).toBe(code);
  });

  it("gives field errors for bad input and names the unavailable database", () => {
    expect(describeError(new InvalidInputError({ email: ["is required"] })).body.error.fieldErrors).toEqual({
      email: ["is required"],
    });
    expect(describeError(new DatabaseUnavailableError("shared", new Error("x"))).body.error.database).toBe(
      "shared",
    );
  });

  it("never leaks an unexpected error's message", () => {
    expect(describeError(new Error("password=hunter2")).body.error.message).not.toContain("hunter2");
  });
});

describe("describeError without instanceof", () => {
  it("answers an error of another bundled copy with the status it carries", () => {
    const foreign = Object.assign(new Error("userbridge: invalid email or password"), {
      code: "USERBRIDGE_INVALID_CREDENTIALS",
      status: 401,
    });
    expect(describeError(foreign)).toEqual({
      status: 401,
      body: { error: { code: "USERBRIDGE_INVALID_CREDENTIALS", message: foreign.message } },
    });
    const unavailable = Object.assign(new Error("x"), {
      code: "USERBRIDGE_DATABASE_UNAVAILABLE",
      status: 503,
      database: "app",
    });
    expect(describeError(unavailable).body.error.database).toBe("app");
  });

  it("hides a userbridge 5xx other than an unavailable database", () => {
    const config = Object.assign(new Error("APP_DATABASE_URL=postgresql://secret"), {
      code: "USERBRIDGE_INVALID_CONFIG",
      status: 500,
    });
    expect(describeError(config)).toMatchObject({
      status: 500,
      body: { error: { code: "USERBRIDGE_INTERNAL" } },
    });
  });
});
