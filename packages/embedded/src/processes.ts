// Is a process alive, and is it the program we think it is? For lock files and pid files that a killed
// process left behind: after a crash or a reboot their pid may belong to an unrelated process.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether `pid` is alive and its command line contains every one of `words` (on Linux, from /proc).
 * Where there is no /proc, a live pid is trusted.
 */
export function isRunningProgram(pid: number, words: readonly string[]): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return words.every((word) => cmdline.includes(word));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT" || !existsSync("/proc/self");
  }
}

/** Resolves true once `pid` has exited, false when it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (isAlive(pid)) {
    if (performance.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/** Servers this process started and has not stopped, each with the signal that stops it cleanly. */
const running = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;

/** Sends `child` `signal` if this process exits while it still runs (a detached server would outlive us). */
export function stopOnExit(child: ChildProcess, signal: NodeJS.Signals): void {
  running.set(child, signal);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const [server, stop] of running) server.kill(stop);
  });
}
