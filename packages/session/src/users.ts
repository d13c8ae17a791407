import { EmailTakenError } from "./errors.js";
import { parseInput, signupInput } from "./input.js";
import { OWASP_SCRYPT, type PasswordHasher, scryptHasher } from "./password.js";
import { type IdentityClient, type IdentityStore, prismaIdentityStore, type SessionUser } from "./store.js";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Validates `{ email, password, name? }`, hashes the password and creates the user. */
export async function addPasswordUser(
  store: IdentityStore,
  hasher: PasswordHasher,
  input: unknown,
): Promise<SessionUser> {
  const { email, password, name } = parseInput(signupInput, input);
  const passwordHash = await hasher.hash(password);
  try {
    const {
      id,
      email: stored,
      name: storedName,
    } = await store.createUser({ email, name: name ?? null, passwordHash });
    return { id, email: stored, name: storedName };
  } catch (error) {
    throw isUniqueViolation(error) ? new EmailTakenError(error) : error;
  }
}

export interface CreatePasswordUserOptions {
  /** @default scryptHasher(OWASP_SCRYPT) */
  readonly hasher?: PasswordHasher;
}

/**
 * Creates a user with a password directly in `client`'s database, without a session and without
 * any session configuration: for scripts such as creating a site's admin. Pass `db.$pinned("app")`
 * (or `"shared"`) for failures that name the database.
 * @throws InvalidInputError, EmailTakenError, DatabaseUnavailableError
 * @example await createPasswordUser(db.$pinned("app"), { email: "root@example.com", password: "..." });
 */
export function createPasswordUser(
  client: IdentityClient,
  input: unknown,
  options: CreatePasswordUserOptions = {},
): Promise<SessionUser> {
  const store = prismaIdentityStore(client);
  return addPasswordUser(store, options.hasher ?? scryptHasher(OWASP_SCRYPT), input);
}
