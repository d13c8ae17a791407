// Containers outlive an interrupted run (Ryuk, which would remove them, cannot be pulled here): vitest exits
// on Ctrl-C without running teardown, and SIGKILL runs nothing. So a run removes its containers from a
// detached process when it exits early, and the next run removes those of runs killed outright.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { isRunningProgram } from "@userbridge/embedded";

export const RUN_LABEL = "org.userbridge.test.run";
const LOCAL_RUN = /^local-(\d+)$/;

/** Removes the containers of local runs whose process is gone; returns how many. */
export async function removeKilledRunContainers(): Promise<number> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  const leftovers = (await client.container.list()).filter((info) => {
    const pid = LOCAL_RUN.exec(info.Labels?.[RUN_LABEL] ?? "")?.[1];
    return pid !== undefined && !isRunningProgram(Number(pid), ["node"]);
  });
  await Promise.allSettled(
    leftovers.map((info) => client.container.getById(info.Id).remove({ force: true, v: true })),
  );
  return leftovers.length;
}

/**
 * Until `disarm()` (teardown stopped them), the process's exit starts a detached process that removes
 * these containers: the exiting process cannot wait for the engine.
 */
export function removeOnExit(containerIds: readonly string[]): { disarm(): void } {
  const testcontainers = pathToFileURL(createRequire(import.meta.url).resolve("testcontainers")).href;
  const script = `
    const { getContainerRuntimeClient } = await import(${JSON.stringify(testcontainers)});
    const client = await getContainerRuntimeClient();
    await Promise.allSettled(${JSON.stringify(containerIds)}.map((id) => client.container.getById(id).remove({ force: true, v: true })));`;
  const reap = () => {
    spawn(process.execPath, ["--input-type=module", "-e", script], {
      detached: true,
      stdio: "ignore",
    }).unref();
  };
  process.once("exit", reap);
  return { disarm: () => process.off("exit", reap) };
}
