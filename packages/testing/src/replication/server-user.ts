// PostgreSQL (and PgBouncer) refuse to run as root: as root, the test servers run as the `postgres` OS user,
// which Debian's postgresql package creates. The embedded servers do the same (@userbridge/embedded's initdb).
import { execFile, spawn } from "node:child_process";
import { userInfo } from "node:os";
import { promisify } from "node:util";

/** uid and gid for spawn(): empty when we are not root (the server runs as ourselves). */
export interface ServerUser {
  readonly uid?: number;
  readonly gid?: number;
}

let cached: Promise<ServerUser> | undefined;

/** The `postgres` user when we are root, else ourselves ({}). */
export function serverUser(): Promise<ServerUser> {
  cached ??= (async () => {
    if (userInfo().uid !== 0) return {};
    const exec = promisify(execFile);
    const id = async (flag: string) => Number.parseInt((await exec("id", [flag, "postgres"])).stdout, 10);
    try {
      return { uid: await id("-u"), gid: await id("-g") };
    } catch (error) {
      throw new Error(
        "userbridge: running as root, the replication test servers run as the `postgres` OS user, which does not exist " +
          "(it comes with Debian's postgresql packages; or run the tests as another user)",
        { cause: error },
      );
    }
  })();
  return cached;
}

/** Runs `file` as `user`, bounded; rejects with its output when it fails. */
export function runAs(
  file: string,
  args: readonly string[],
  user: ServerUser,
  timeoutMs = 120_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...user,
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk;
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${file} ${signal ? `was killed (${signal})` : `exited with ${code}`}:\n${output.trim()}`,
          ),
        );
    });
  });
}
