// Creates a login for the example, straight in the database (no session, no server needed):
//   ./pnpmw exec tsx --conditions=@userbridge/source packages/example-next/scripts/create-user.ts \
//     <admin|user> <email> <password> [name]
// with SHARED_DATABASE_URL and APP_DATABASE_URL set as for the site.
// `admin`: this site's own admin, in APP_DATABASE_URL (logs in at /admin).
// `user`: a shared user, in SHARED_DATABASE_URL (logs in on every site that shares it).
import { parseArgs } from "node:util";
import { PrismaClient } from "@userbridge/clients/app";
import { createDb, type Db, describeDatabaseUrl, readDatabaseUrls, statusOf } from "@userbridge/db";
import { createPasswordUser } from "@userbridge/session";

const USAGE = "usage: create-user.ts <admin|user> <email> <password> [name]";
const DATABASE = { admin: "app", user: "shared" } as const;

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true });
  const [kind, email, password, name] = positionals;
  if ((kind !== "admin" && kind !== "user") || email === undefined || password === undefined) {
    console.error(USAGE);
    return 2;
  }
  const database = DATABASE[kind];
  let db: Db<PrismaClient> | undefined;
  try {
    db = createDb({ appClient: PrismaClient });
    // Pinned: a failure names the database.
    const created = await createPasswordUser(db.$pinned(database), {
      email,
      password,
      ...(name !== undefined && { name }),
    });
    const url = readDatabaseUrls([database])[database];
    console.log(`created ${kind} ${created.email} in ${describeDatabaseUrl(url)}`);
    return 0;
  } catch (error) {
    // Bad configuration or input, a taken email, an unreachable database: the message says what to fix.
    if (statusOf(error) === undefined) throw error;
    console.error((error as Error).message);
    return 1;
  } finally {
    await db?.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
