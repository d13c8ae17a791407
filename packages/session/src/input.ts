import { z } from "zod";
import { InvalidInputError } from "./errors.js";

// NUL reaches PostgreSQL as an error (22021), the others corrupt logs, pages and e-mail headers:
// every text field refuses C0 and C1 control characters with a 400, before any database call.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const text = (error: string) =>
  z
    .string({ error })
    .refine((value) => !CONTROL_CHARACTER.test(value), "must not contain control characters");

// Forms send "" for an empty optional field.
const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const email = text("is required")
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "is not a valid email address" }));

/** New passwords: OWASP's minimum length, and a cap so nobody makes us hash a megabyte. */
const newPassword = text("is required")
  .min(8, "must be at least 8 characters")
  .max(256, "must be at most 256 characters");

// Logging in checks only the cap: a password accepted under an older policy must keep working
// (it is only ever hashed, so a control character in it reaches no database).
const existingPassword = z
  .string({ error: "is required" })
  .min(1, "is required")
  .max(256, "must be at most 256 characters");

const name = z.preprocess(
  blankToUndefined,
  text("must be text").trim().min(1).max(100, "must be at most 100 characters").optional(),
);

export const signupInput = z.object({ email, password: newPassword, name });
export const loginInput = z.object({ email, password: existingPassword });

export type SignupInput = z.output<typeof signupInput>;
export type LoginInput = z.output<typeof loginInput>;

/**
 * Validates a request body against `schema`.
 * @throws InvalidInputError with the messages per field (answer 400).
 */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
    fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
  }
  throw new InvalidInputError(fieldErrors);
}
