// Whether a server accepts connections and answers (a starting server, a hot standby before it is
// consistent, a proxy such as PgBouncer do not yet): one bounded attempt, never a thrown error.
import pg from "pg";

/** Connects to `url` and runs `probe` (default `SELECT 1`; PgBouncer's admin console wants `SHOW VERSION`). */
export async function acceptsConnections(url: string, probe = "SELECT 1"): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query(probe);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
