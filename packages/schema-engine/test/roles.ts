// Throwaway PostgreSQL roles for tests that need an ordinary user (no superuser, maybe no CREATEDB), and
// the shadow databases such a role left behind (it owns every database it creates).
import { randomBytes } from "node:crypto";
import { createTestDatabase } from "@userbridge/testing/databases";
import { query } from "@userbridge/testing/sql";
import { Workspace } from "./prisma-cli.ts";

export interface TestRole {
  name: string;
  /** `databaseUrl` with this role's name and password. */
  urlFor(databaseUrl: string): string;
  /** Names of the `prisma_migrate_shadow_db_*` databases this role owns right now. */
  shadowDatabases(): Promise<string[]>;
  /** Drops the databases it owns, then the role. */
  drop(): Promise<void>;
}

/**
 * A new role that owns the database at `databaseUrl` (so it may create tables in its public schema), or, with
 * `login: false`, one that may not log in at all. It has a password: the test servers may require one.
 */
export async function createOwnerRole(
  databaseUrl: string,
  options: { createdb: boolean; login?: boolean },
): Promise<TestRole> {
  const name = `ub_role_${randomBytes(5).toString("hex")}`;
  const password = randomBytes(12).toString("hex");
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const login = options.login === false ? "NOLOGIN" : "LOGIN";
  const createdb = options.createdb ? "CREATEDB" : "NOCREATEDB";
  await query(databaseUrl, `CREATE ROLE "${name}" ${login} ${createdb} PASSWORD '${password}'`);
  await query(databaseUrl, `ALTER DATABASE "${database}" OWNER TO "${name}"`);
  const owned = async () =>
    (
      await query<{ datname: string }>(
        databaseUrl,
        `SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '${name}') ORDER BY datname`,
      )
    ).map((row) => row.datname);
  return {
    name,
    urlFor(url) {
      const withRole = new URL(url);
      withRole.username = name;
      withRole.password = password;
      return withRole.toString();
    },
    async shadowDatabases() {
      return (await owned()).filter((datname) => datname.startsWith("prisma_migrate_shadow_db_"));
    },
    async drop() {
      for (const datname of await owned()) {
        if (datname === database)
          await query(databaseUrl, `ALTER DATABASE "${datname}" OWNER TO CURRENT_USER`);
        else await query(databaseUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      await query(databaseUrl, `DROP OWNED BY "${name}" CASCADE`).catch(() => undefined);
      await query(databaseUrl, `DROP ROLE IF EXISTS "${name}"`);
    },
  };
}

/**
 * A workspace copy of prisma/shared on a new empty database that a new role (with CREATEDB) owns and
 * connects as, so the shadow databases it creates can be found. Registers the clean-ups in `cleanups`,
 * to be run last-in first-out.
 */
export async function workspaceOfNewRole(cleanups: (() => Promise<void>)[]) {
  const database = await createTestDatabase("identity", "empty");
  cleanups.push(database.drop);
  const role = await createOwnerRole(database.url, { createdb: true });
  cleanups.push(role.drop);
  const ws = await Workspace.copyOf("shared", role.urlFor(database.url));
  cleanups.push(() => ws.remove());
  return { database, role, ws };
}
