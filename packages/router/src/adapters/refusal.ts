import { readRequestPath } from "../admin-path.js";
import { RefusedPathError } from "../errors.js";

/** The admin flag for a request target, or the refusal to answer with (every adapter decides here). */
export function adminFlagOf(target: string): boolean | RefusedPathError {
  const reading = readRequestPath(target);
  return reading.ok ? reading.admin : new RefusedPathError(reading.reason);
}

/** The JSON body of a refusal, the same from every adapter. */
export const refusalBody = (error: RefusedPathError) => ({
  error: { code: error.code, message: error.message },
});
