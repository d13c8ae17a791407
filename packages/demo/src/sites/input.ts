// The sites' own forms and JSON bodies, validated with zod: a bad field is a 400 naming it
// (InvalidInputError, like the login forms').
import { InvalidInputError } from "@userbridge/session";
import { z } from "zod";

/** A one-line title or name: trimmed, 1-200 characters. */
export const title = z.string({ error: "is required" }).trim().min(1, "is required").max(200, "is too long");

/** An id sent back by one of the pages' forms. */
export const id = z.string({ error: "is required" }).trim().min(1, "is required").max(100, "is too long");

/**
 * `fields` as `schema` says. @throws InvalidInputError (400) with every bad field; a body that is not
 * an object is reported as field `body`.
 */
export function parseInput<T>(schema: z.ZodType<T>, fields: unknown): T {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "body";
    fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
  }
  throw new InvalidInputError(fieldErrors);
}
