// A server's command-line tools (initdb, pg_basebackup, ...) run as the server's OS user.
import { spawn } from "node:child_process";

/** uid and gid for spawn(): empty when we are not root (the server runs as ourselves). */
export interface ServerUser {
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs `file` as `user`, bounded; resolves with its output, rejects with it when it fails. */
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
