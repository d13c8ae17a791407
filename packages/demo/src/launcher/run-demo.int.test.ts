// `pnpm demo` as a process: ready output, Ctrl-C (SIGINT to its process group, as a terminal sends it)
// stops it cleanly with no process left behind, during start-up too; the next run reuses the data.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@userbridge/testing/free-port";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

interface DemoProcess {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** `scripts/demo.ts` under node, or `pnpm demo` as users run it (pnpm, then the script's shell, then node). */
function startDemoProcess(
  dataDir: string,
  env: Record<string, string>,
  via: "node" | "pnpm" = "node",
): DemoProcess {
  const { SHARED_DATABASE_URL, APP_DATABASE_URL, NEW_DATABASE_URL, SESSION_PASSWORD, ...rest } = process.env;
  const [command, args] =
    via === "pnpm"
      ? ["pnpm", ["demo", `--data-dir=${dataDir}`]]
      : [
          process.execPath,
          ["--conditions=@userbridge/source", "--import", "tsx", "scripts/demo.ts", `--data-dir=${dataDir}`],
        ];
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...rest, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const check of waiters) check();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`userbridge test: no ${pattern} in ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const check = () => {
          if (!pattern.test(text)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Whether any process is left in the demo's process group (the demo and whatever it spawned). */
function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

describe("pnpm demo (scripts/demo.ts) as a process", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "userbridge-demo-cli-"));
    await chmod(dataDir, 0o755); // as root, the server runs as `postgres`
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("stops cleanly on Ctrl-C during start-up, leaving no process and no lock", async () => {
    const demo = startDemoProcess(join(dataDir, "demo"), {
      PORT_OLD: String(await freePort()),
      PORT_NEW: String(await freePort()),
    });
    await demo.waitFor(/embedded PostgreSQL (created and )?started/);
    process.kill(-(demo.child.pid as number), "SIGINT");
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toMatch(/stopped\n/);
    expect(demo.output()).not.toMatch(/is running/);
    expect(processGroupAlive(demo.child.pid as number)).toBe(false);
    expect(existsSync(join(dataDir, "demo.pid"))).toBe(false);
  }, 120_000);

  it("serves both sites and prints the database URLs, then exits 0 on Ctrl-C, also through pnpm; the next run reuses the data", async () => {
    // The data exists already: the interrupted start-up above created the server. The second run goes
    // through `pnpm demo`, as users start it: pnpm must see exit 0 (no ELIFECYCLE).
    for (const [run, via] of [
      ["first", "node"],
      ["second", "pnpm"],
    ] as const) {
      const ports = { old: await freePort(), new: await freePort() };
      const demo = startDemoProcess(
        join(dataDir, "demo"),
        { PORT_OLD: String(ports.old), PORT_NEW: String(ports.new) },
        via,
      );
      await demo.waitFor(/Ctrl-C stops everything/);
      expect(demo.output()).toContain(`http://localhost:${ports.old}`);
      expect(demo.output()).toContain("demo@example.com / demo-password");
      for (const name of ["identity", "old", "new"]) {
        expect(demo.output()).toMatch(
          new RegExp(`^ +${name} +postgresql://postgres:[^@]+@127\\.0\\.0\\.1:\\d+/${name} `, "m"),
        );
      }
      expect((await fetch(`http://localhost:${ports.new}/me`)).status).toBe(401);
      expect(demo.output()).toMatch(run === "first" ? /seeded demo@example.com/ : /^(?![\s\S]*seeded)/);

      process.kill(-(demo.child.pid as number), "SIGINT");
      expect(await demo.exited).toBe(0);
      expect(demo.output()).toMatch(/stopped cleanly/);
      expect(demo.output()).not.toMatch(/ELIFECYCLE|still stopping/);
      expect(processGroupAlive(demo.child.pid as number)).toBe(false);
      console.log(`pnpm demo, ${run} full run: ready in ${/ready in ([\d.]+ s)/.exec(demo.output())?.[1]}`);
    }
  }, 180_000);
});
