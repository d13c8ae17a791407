import pg from "pg";
import { it } from "vitest";
import { createTestDatabase, serverAdminUrl, startServer, stopServer } from "../databases.ts";
import { startPgBouncer } from "./start-pgbouncer.ts";

it("recovery through pgbouncer", async () => {
  const db = await createTestDatabase("app", "empty");
  for (const settings of [{}, { server_login_retry: 15 }]) {
    const b = await startPgBouncer({ fallback: serverAdminUrl("app"), settings });
    const url = b.url(db.name);
    const held = new pg.Client({ connectionString: url, query_timeout: 8000 }); held.on("error", () => {});
    await held.connect(); await held.query("SELECT 1");
    await stopServer("app");
    const c0 = new pg.Client({ connectionString: url }); c0.on("error", () => {}); await c0.connect().then(() => c0.query("SELECT 1")).catch((e) => console.log("down:", e.message)); await c0.end().catch(() => {});
    await new Promise((r) => setTimeout(r, 2000));
    await startServer("app");
    const t = performance.now();
    let tries = 0;
    for (;;) {
      tries++;
      const c = new pg.Client({ connectionString: url }); c.on("error", () => {});
      try { await c.connect(); await c.query("SELECT 1"); await c.end(); break; } catch (e) { await c.end().catch(() => {}); if (performance.now() - t > 40000) { console.log("gave up", (e as Error).message); break; } await new Promise((r) => setTimeout(r, 50)); }
    }
    console.log(JSON.stringify(settings), "recovered after", Math.round(performance.now() - t), "ms, tries", tries);
    const t2 = performance.now();
    await held.query("SELECT 1").then(() => console.log("held ok", Math.round(performance.now() - t2)), (e) => console.log("held error", e.message));
    await held.end().catch(() => {});
    await b.close();
  }
  await db.drop();
}, 120_000);
