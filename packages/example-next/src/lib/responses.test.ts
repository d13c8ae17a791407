import { DatabaseUnavailableError, InvalidConfigError, RefusedPathError } from "@userbridge/db";
import { EmailTakenError, InvalidCredentialsError } from "@userbridge/session";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse, jsonBody } from "./responses";

const answer = async (error: unknown) => {
  const response = errorResponse(error);
  return { status: response.status, body: await response.json() };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("errorResponse", () => {
  it("answers every userbridge error with its own status", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await answer(new InvalidCredentialsError())).status).toBe(401);
    expect((await answer(new EmailTakenError(undefined))).status).toBe(409);
    expect((await answer(new RefusedPathError("dot-segment"))).status).toBe(400);
    expect(
      await answer(new DatabaseUnavailableError("shared", new Error("connect ECONNREFUSED 10.0.0.7"))),
    ).toEqual({
      status: 503,
      body: {
        error: {
          code: "USERBRIDGE_DATABASE_UNAVAILABLE",
          message: "userbridge example: the shared database is unavailable; try again shortly.",
          database: "shared",
        },
      },
    });
  });

  it("reads the status of an error from another bundled copy, where instanceof fails", async () => {
    const foreign = Object.assign(new Error("userbridge: invalid credentials"), {
      code: "USERBRIDGE_INVALID_CREDENTIALS",
      status: 401,
    });
    expect(await answer(foreign)).toEqual({
      status: 401,
      body: { error: { code: "USERBRIDGE_INVALID_CREDENTIALS", message: "userbridge: invalid credentials" } },
    });
  });

  it("answers anything unexpected with a 500 that has a body and hides the details", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { status, body } = await answer(new TypeError("secret detail"));
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: "USERBRIDGE_INTERNAL", message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toContain("secret detail");
    expect(log).toHaveBeenCalled();
    const own = await answer(
      new InvalidConfigError("database configuration", ["APP_DATABASE_URL is not set"]),
    );
    expect(own).toEqual({
      status: 500,
      body: {
        error: { code: "USERBRIDGE_INVALID_CONFIG", message: expect.stringContaining("internal error") },
      },
    });
  });
});

describe("jsonBody", () => {
  it("refuses unparseable JSON with a 400 saying so", async () => {
    const request = new Request("http://localhost/api/login", { method: "POST", body: '{"email":' });
    const error = await jsonBody(request).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "USERBRIDGE_INVALID_INPUT", status: 400 });
    expect((error as Error).message).toContain("malformed JSON body");
  });
});
