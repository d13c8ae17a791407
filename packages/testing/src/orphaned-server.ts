// For tests of clean-up after a killed run: a process that starts an embedded PostgreSQL server and is
// then killed with SIGKILL, so its server lives on with nobody to stop it.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { livePostmaster } from "@userbridge/embedded";

const SERVER_MODULE = fileURLToPath(new URL("../../embedded/src/postgres-server.ts", import.meta.url));

/**
 * Starts a server on `dataDir` from a child process (`{pid}` in it becomes the child's pid, so a run
 * directory can be named after it), kills the child, and returns the orphaned postmaster's pid, the port
 * and the child's pid.
 */
export async function startOrphanedServer(
  dataDir: string,
  password: string,
): Promise<{ postmaster: number; port: number; childPid: number }> {
  const script = `
    import { startPostgresServer } from ${JSON.stringify(SERVER_MODULE)};
    const dataDir = ${JSON.stringify(dataDir)}.replace("{pid}", String(process.pid));
    const server = await startPostgresServer({ name: "orphan", dataDir, password: ${JSON.stringify(password)} });
    console.log(JSON.stringify({ port: server.port, dataDir }));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const started = await new Promise<{ port: number; dataDir: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the child did not start its server in 60 s")), 60_000);
    child.stdout.once("data", (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(JSON.parse(chunk.toString()));
    });
    child.once("exit", (code) => reject(new Error(`the child exited with ${code}`)));
  });
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  const postmaster = await livePostmaster(started.dataDir);
  if (postmaster === undefined) throw new Error("the killed child's server is not running");
  return { postmaster, port: started.port, childPid: child.pid as number };
}
