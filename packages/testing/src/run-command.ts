// Runs a command to completion for a test, capturing what it printed. One helper for every test that
// spawns the prisma CLI, the engine or a script.
import { spawn } from "node:child_process";

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
  ms: number;
}

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin, which is then closed. @default "" */
  stdin?: string;
  /** Killed (SIGKILL) after this long, so a hung command fails the test instead of stalling it. */
  timeoutMs?: number;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const result = { stdout: "", stderr: "", output: "" };
    child.stdout.on("data", (chunk: Buffer) => {
      result.stdout += chunk;
      result.output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      result.stderr += chunk;
      result.output += chunk;
    });
    child.stdin.end(options.stdin ?? "");
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, ...result, ms: performance.now() - started });
    });
  });
}
