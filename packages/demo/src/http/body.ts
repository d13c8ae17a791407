import type { IncomingMessage } from "node:http";
import { DEMO_ERROR_CODES, HttpError } from "./errors.js";

/** Login and signup bodies are tiny; refuse anything bigger before reading it. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface ParsedBody {
  /** `form` when sent by an HTML form: answer with a page or a redirect, not JSON. */
  readonly kind: "json" | "form" | "empty";
  readonly fields: unknown;
}

function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

async function readText(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(): HttpError {
  return new HttpError(
    413,
    DEMO_ERROR_CODES.BODY_TOO_LARGE,
    `userbridge demo: bodies are limited to ${MAX_BODY_BYTES} bytes.`,
  );
}

/**
 * Reads a JSON or urlencoded-form body. Other media types are refused (415): `text/plain` and
 * `multipart/form-data` are what a cross-site form can send without a preflight.
 */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const type = mediaType(req);
  const text = await readText(req);
  if (type === "application/x-www-form-urlencoded") {
    return { kind: "form", fields: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type === "application/json") {
    try {
      return { kind: "json", fields: text.trim() === "" ? {} : (JSON.parse(text) as unknown) };
    } catch {
      throw new HttpError(
        400,
        DEMO_ERROR_CODES.MALFORMED_BODY,
        "userbridge demo: the body is not valid JSON.",
      );
    }
  }
  if (text.length === 0) return { kind: "empty", fields: {} };
  throw new HttpError(
    415,
    DEMO_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
    "userbridge demo: send application/json or application/x-www-form-urlencoded.",
  );
}
