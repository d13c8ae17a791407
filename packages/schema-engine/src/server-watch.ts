// Bounds every wait on the database. A query may legitimately run for minutes (an index on a big table), so
// a slow answer alone proves nothing: while one is pending, a fresh connection asks the server `SELECT 1`.
// If the server answers that, the wait goes on; if it does not, the server has stopped answering (hung, or
// the network drops its packets) and the call fails with that, instead of hanging the CLI forever.
// Prisma's `socket_timeout` is honoured as a hard bound on any one answer.
import pg from "pg";
import { type DatabaseLocation, parseDatabaseUrl, serverAddress } from "./database-url.ts";
import { UserFacingError } from "./errors.ts";

/** How long a call may wait before the server is asked whether it is still there (and then between asks). */
const PROBE_AFTER_MS = 5_000;

/** The server stopped answering: P1008, as the native engine reports a timed-out operation. */
export class ServerStoppedAnswering extends UserFacingError {
  /** The same error, saying which migration it interrupted and what that means. */
  whileApplying(migrationName: string): UserFacingError {
    return new UserFacingError(
      "P1008",
      `${this.message}\n\nThis happened while applying migration \`${migrationName}\`. Whether it was applied is ` +
        "unknown until the server answers again: then run `prisma migrate status` (a migration that did not " +
        "finish is reported as failed; see https://pris.ly/d/migrate-resolve).",
      { ...this.meta, migration_name: migrationName },
    );
  }
}

export class ServerWatch {
  private readonly url: string;
  private readonly at: DatabaseLocation;
  /** Set once the server failed to answer: every later call fails at once instead of waiting again. */
  private stopped: ServerStoppedAnswering | undefined;
  private probing: Promise<boolean> | undefined;

  /** Whether the server has been found not answering. */
  get hasStopped(): boolean {
    return this.stopped !== undefined;
  }

  constructor(url: string) {
    this.url = url;
    this.at = parseDatabaseUrl(url);
  }

  /** `call`, failing with ServerStoppedAnswering instead of waiting for a server that no longer answers. */
  bound<T>(call: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<T>((resolve, reject) => {
      const started = Date.now();
      const timers: ReturnType<typeof setTimeout>[] = [];
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        finish();
      };
      const fail = (error: ServerStoppedAnswering) => settle(() => reject(error));
      const { socketTimeoutMs } = this.at;
      if (socketTimeoutMs !== undefined) {
        timers.push(setTimeout(() => fail(this.socketTimedOut(socketTimeoutMs)), socketTimeoutMs));
      }
      const probeLater = () => {
        timers.push(
          setTimeout(async () => {
            if (await this.answers()) return probeLater();
            this.stopped ??= this.noAnswer(Date.now() - started);
            fail(this.stopped);
          }, PROBE_AFTER_MS),
        );
      };
      probeLater();
      call().then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  /** Whether the server answers `SELECT 1` on a new connection within the connect timeout. */
  private answers(): Promise<boolean> {
    this.probing ??= probe(this.url, this.at.connectTimeoutMs).finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private noAnswer(waitedMs: number): ServerStoppedAnswering {
    const address = serverAddress(this.at);
    return new ServerStoppedAnswering(
      "P1008",
      `Operations timed out after \`${seconds(waitedMs)}\`: the database server at \`${address}\` stopped ` +
        `answering. A query got no answer, and a new connection got none within ${seconds(this.at.connectTimeoutMs)} ` +
        "either (connect_timeout). The server is hung or the network drops its packets.",
      { time: seconds(waitedMs), database_host: this.at.host, database_port: this.at.port },
    );
  }

  private socketTimedOut(timeoutMs: number): ServerStoppedAnswering {
    return new ServerStoppedAnswering(
      "P1008",
      `Operations timed out after \`${seconds(timeoutMs)}\`: the database server at \`${serverAddress(this.at)}\` ` +
        "did not answer within the URL's socket_timeout. The statement may still be running there.",
      { time: seconds(timeoutMs), database_host: this.at.host, database_port: this.at.port },
    );
  }
}

async function probe(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    // end() waits for the server's goodbye, which a hung server never sends.
    void client.end().catch(() => undefined);
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
