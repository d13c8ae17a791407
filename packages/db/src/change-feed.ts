// A LISTEN on a dedicated connection to one database, as a feed its subscribers can trust: `live` is
// true only while notifications are flowing, and every way of losing them (the connection ends or
// errors, the server stops answering a heartbeat) turns it false BEFORE anything else happens, so a
// cache built on the feed is emptied instead of serving what it may have missed.
import pg from "pg";

export interface ChangeFeedListener {
  /** A notification's payload. */
  change(payload: string): void;
  /** The feed went live (connected and listening) or stopped being live. */
  state(live: boolean): void;
}

export interface ChangeFeed {
  /** Whether notifications are flowing right now. */
  readonly live: boolean;
  /** Starts the connection on the first subscriber. @returns unsubscribe */
  subscribe(listener: ChangeFeedListener): () => void;
  /** Closes the connection for good. */
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  /** A heartbeat query runs this often; no answer within `timeoutMs` means the feed is down. @default 1000 */
  readonly heartbeatMs?: number;
  /** Bound on connecting, LISTEN and each heartbeat. @default 2000 */
  readonly timeoutMs?: number;
  /** Reconnect delays double from `retryMs` up to `maxRetryMs`. @default 100, 5000 */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

export function changeFeed(url: string, channel: string, options: ChangeFeedOptions = {}): ChangeFeed {
  if (!CHANNEL_NAME.test(channel))
    throw new TypeError(`userbridge: bad channel name ${JSON.stringify(channel)}`);
  const { heartbeatMs = 1_000, timeoutMs = 2_000, retryMs = 100, maxRetryMs = 5_000 } = options;
  const listeners = new Set<ChangeFeedListener>();
  let live = false;
  let closed = false;
  let client: pg.Client | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = retryMs;

  const setLive = (value: boolean) => {
    if (live === value) return;
    live = value;
    for (const listener of listeners) listener.state(value);
  };

  function down(dead: pg.Client): void {
    if (dead !== client) return; // an older connection, already replaced
    client = undefined;
    setLive(false);
    clearInterval(heartbeat);
    (dead as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    if (closed || listeners.size === 0) return;
    retry = setTimeout(connect, delay);
    retry.unref();
    delay = Math.min(delay * 2, maxRetryMs);
  }

  async function connect(): Promise<void> {
    retry = undefined;
    if (closed || client) return;
    const next = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
    });
    client = next;
    next.on("error", () => down(next));
    next.on("end", () => down(next));
    next.on("notification", (message) => {
      if (message.channel !== channel || next !== client) return;
      for (const listener of listeners) listener.change(message.payload ?? "");
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
    } catch {
      down(next);
      return;
    }
    if (next !== client) return;
    delay = retryMs;
    setLive(true);
    heartbeat = setInterval(() => {
      next.query("SELECT 1").catch(() => down(next));
    }, heartbeatMs);
    heartbeat.unref();
  }

  return {
    get live() {
      return live;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!client && !retry && !closed) void connect();
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const open = client;
      client = undefined;
      setLive(false);
      await open?.end().catch(() => {});
    },
  };
}
