import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readBody } from "./body.js";
import { DEMO_ERROR_CODES, HttpError } from "./errors.js";

function request(body: string | Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  const chunks = typeof body === "string" ? [Buffer.from(body)] : body;
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

async function refusal(req: IncomingMessage): Promise<HttpError> {
  try {
    await readBody(req);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error("expected an HttpError");
}

describe("readBody", () => {
  it("reads an HTML form", async () => {
    const body = await readBody(
      request("email=a%40b.io&password=p+w&name=", {
        "content-type": "application/x-www-form-urlencoded; charset=UTF-8",
      }),
    );
    expect(body).toEqual({ kind: "form", fields: { email: "a@b.io", password: "p w", name: "" } });
  });

  it("reads JSON, and an empty JSON body as {}", async () => {
    expect(await readBody(request('{"email":"a@b.io"}', { "content-type": "application/json" }))).toEqual({
      kind: "json",
      fields: { email: "a@b.io" },
    });
    expect(await readBody(request("", { "content-type": "application/json" }))).toEqual({
      kind: "json",
      fields: {},
    });
  });

  it("accepts no body at all (logout from curl)", async () => {
    expect(await readBody(request(""))).toEqual({ kind: "empty", fields: {} });
  });

  it.each(['{"email":', "not json", "{'a':1}", "\u0000"])(
    "refuses malformed JSON %j with 400",
    async (text) => {
      const error = await refusal(request(text, { "content-type": "application/json" }));
      expect([error.status, error.code]).toEqual([400, DEMO_ERROR_CODES.MALFORMED_BODY]);
    },
  );

  it.each(["text/plain", "multipart/form-data; boundary=x", "application/xml"])(
    "refuses %s with 415 (what cross-site forms can send without a preflight)",
    async (type) => {
      const error = await refusal(request("email=a", { "content-type": type }));
      expect([error.status, error.code]).toEqual([415, DEMO_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE]);
    },
  );

  it("refuses a body over the limit with 413, declared or streamed", async () => {
    const declared = await refusal(
      request("{}", { "content-type": "application/json", "content-length": String(MAX_BODY_BYTES + 1) }),
    );
    expect([declared.status, declared.code]).toEqual([413, DEMO_ERROR_CODES.BODY_TOO_LARGE]);
    const chunk = Buffer.alloc(4096, "a");
    const streamed = await refusal(
      request([chunk, chunk, chunk, chunk, chunk], { "content-type": "application/json" }),
    );
    expect(streamed.status).toBe(413);
  });
});
