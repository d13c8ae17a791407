/** Prisma's model name (`User`) or delegate name (`user`): both are accepted wherever a model is. */
export type ModelName<Delegate extends string> = Delegate | Capitalize<Delegate>;

/** `User` -> `user`: Prisma names a model's delegate by lower-casing the first letter. */
export function toDelegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

/**
 * The auth and session models of Auth.js' schema (and userbridge's identity database):
 * the models Django's technique routes to the shared database.
 */
export const AUTH_MODELS = ["user", "account", "session", "verificationToken"] as const;

/** Whether `client` has a model delegate named `delegate` (works on Prisma's proxied clients). */
export function hasModel(client: object, delegate: string): boolean {
  const candidate = (client as Record<string, unknown>)[delegate];
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof (candidate as { findMany?: unknown }).findMany === "function"
  );
}
