import { getDb } from "./site";

/**
 * A user's public profile by id. `db.user` follows the routing context: a site route handler reads
 * the shared identity database, an admin one this site's own admin users.
 */
export function findProfile(id: string) {
  return getDb().user.findUnique({ where: { id }, select: { id: true, name: true } });
}

export const notFound = (): Response =>
  Response.json({ error: { code: "USERBRIDGE_NOT_FOUND", message: "no such user" } }, { status: 404 });
