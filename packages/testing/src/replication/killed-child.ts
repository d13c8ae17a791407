// For clean-up tests: a child process that starts servers, prints what a test needs to find them (one line
// of JSON), and is then killed with SIGKILL, so its servers live on with nobody to stop them.
import { spawn } from "node:child_process";

/**
 * Runs `script` (an ES module; workspace packages resolve to their sources) in a child process, waits for
 * its first line of output, kills the child with SIGKILL and returns that line, parsed.
 */
export async function runThenKill<T>(script: string, timeoutMs = 60_000): Promise<T> {
  const child = spawn(
    process.execPath,
    ["--conditions=@userbridge/source", "--import", "tsx", "--input-type=module", "-e", script],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the child printed nothing in ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.stdout.once("data", (chunk: Buffer) => {
        clearTimeout(timer);
        resolve(JSON.parse(chunk.toString()) as T);
      });
      child.once("exit", (code) => reject(new Error(`the child exited with ${code}`)));
    });
  } finally {
    child.kill("SIGKILL");
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
}
