// Container mode: the identity and the app PostgreSQL servers, each with its schema's template.

import { removeKilledRunContainers, removeOnExit } from "./container-leftovers.ts";
import {
  announcePull,
  probeContainerRuntime,
  type StartedServer,
  startPostgresServer,
  unreachableHostHint,
} from "./containers.ts";
import { seconds } from "./elapsed.ts";
import type { ServerInfo, ServerName } from "./provided.ts";
import { ensureTemplates, templateSchemas } from "./templates.ts";

async function stopAll(started: StartedServer[]): Promise<void> {
  await Promise.allSettled(started.map((server) => server.stop()));
}

export async function startContainerServers(
  image: string,
): Promise<{ servers: Record<ServerName, ServerInfo>; stop(): Promise<void> }> {
  // Ryuk's image cannot be pulled here; teardown (and .ci/run's trap) stop the containers instead.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  const runtime = await probeContainerRuntime();
  if (!runtime.ok) throw new Error(`userbridge: the container engine stopped answering: ${runtime.reason}`);
  const { host } = runtime;
  const leftovers = await removeKilledRunContainers();
  if (leftovers > 0) console.log(`userbridge: removed ${leftovers} container(s) left by killed earlier runs`);
  await announcePull(image);

  console.log(`userbridge: starting PostgreSQL containers (identity, app) from ${image}, ports on ${host}`);
  let since = performance.now();
  const results = await Promise.allSettled([
    startPostgresServer(image, "identity"),
    startPostgresServer(image, "app"),
  ]);
  const started = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) {
    await stopAll(started);
    throw new Error(
      `userbridge: a PostgreSQL container did not start: ${failure.reason}${unreachableHostHint(host)}`,
    );
  }
  const [identity, app] = started as [StartedServer, StartedServer];
  const onExit = removeOnExit([identity.containerId, app.containerId]);
  const stop = async () => {
    await stopAll([identity, app]);
    onExit.disarm();
  };
  for (const [name, server] of Object.entries({ identity, app })) {
    const { hostname, port } = new URL(server.adminUrl);
    console.log(
      `userbridge: ${name} server: container ${server.containerId.slice(0, 12)} on ${hostname}:${port}`,
    );
  }
  console.log(`userbridge: containers ready in ${seconds(since)}`);

  since = performance.now();
  try {
    const [identityTemplates, appTemplates] = await Promise.all([
      ensureTemplates(identity.adminUrl, templateSchemas("identity")),
      ensureTemplates(app.adminUrl, templateSchemas("app")),
    ]);
    const names = [...Object.values(identityTemplates), ...Object.values(appTemplates)];
    console.log(`userbridge: migrated templates ${names.join(", ")} in ${seconds(since)}`);
    return {
      servers: {
        identity: {
          adminUrl: identity.adminUrl,
          containerId: identity.containerId,
          templates: identityTemplates,
        },
        app: { adminUrl: app.adminUrl, containerId: app.containerId, templates: appTemplates },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
