// Which PostgreSQL servers the integration tests run on, and why: TEST_DATABASE_URL when set; else two
// containers when a Docker engine answers; else two embedded servers. USERBRIDGE_TEST_SERVERS forces one.

export const SERVER_MODES = ["url", "containers", "embedded"] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

export interface ServerChoice {
  mode: ServerMode;
  /** One line for the console: why this mode. */
  reason: string;
}

/** Whether a container engine answers: `detail` names it, `reason` says why not. */
export type RuntimeProbe = () => Promise<{ ok: true; detail: string } | { ok: false; reason: string }>;

export async function chooseServers(
  env: Record<string, string | undefined>,
  probeContainers: RuntimeProbe,
): Promise<ServerChoice> {
  const forced = env.USERBRIDGE_TEST_SERVERS?.trim() || undefined;
  const url = env.TEST_DATABASE_URL?.trim() || undefined;
  if (forced !== undefined && !(SERVER_MODES as readonly string[]).includes(forced)) {
    throw new Error(
      `userbridge: USERBRIDGE_TEST_SERVERS=${forced} is not one of ${SERVER_MODES.join(", ")} (unset: choose automatically)`,
    );
  }
  if (forced === "url" && !url) {
    throw new Error("userbridge: USERBRIDGE_TEST_SERVERS=url needs TEST_DATABASE_URL=postgresql://...");
  }
  if (forced === "embedded") return { mode: "embedded", reason: "USERBRIDGE_TEST_SERVERS=embedded" };
  if (forced === "url" || (forced === undefined && url)) {
    return { mode: "url", reason: forced ? "USERBRIDGE_TEST_SERVERS=url" : "TEST_DATABASE_URL is set" };
  }
  const runtime = await probeContainers();
  if (runtime.ok) {
    const why = forced ? "USERBRIDGE_TEST_SERVERS=containers" : "a container engine answers";
    return { mode: "containers", reason: `${why}: ${runtime.detail}` };
  }
  if (forced === "containers") {
    throw new Error(
      `userbridge: USERBRIDGE_TEST_SERVERS=containers, but no container engine answers (${runtime.reason}). ` +
        "Start Docker, or unset it to run on embedded PostgreSQL servers.",
    );
  }
  return { mode: "embedded", reason: `no container engine answers (${runtime.reason})` };
}
