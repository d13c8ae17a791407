// A LISTEN on a dedicated connection to one database, as a feed its subscribers can trust. `live` is
// true only while notifications provably flow: the connection sends itself a heartbeat NOTIFY (on a
// private channel) every `heartbeatMs`, and `live` means one sent less than `leaseMs` ago has come back.
// PostgreSQL delivers notifications in commit order, so when a heartbeat sent at time t comes back,
// every change committed before t has arrived: a cache on the feed can miss a change for at most
// `leaseMs`, even when the network goes silent. Losing the connection (error, end, no heartbeat within
// `timeoutMs`) also tells subscribers at once, so they empty themselves.
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface ChangeFeedListener {
  /** A notification's payload. */
  change(payload: string): void;
  /** The feed's connection came up (listening) or went down. */
  state(live: boolean): void;
}

export interface ChangeFeed {
  /** Whether notifications provably flow right now (a heartbeat came back within the lease). */
  readonly live: boolean;
  /** Starts the connection on the first subscriber. @returns unsubscribe */
  subscribe(listener: ChangeFeedListener): () => void;
  /** Closes the connection for good. */
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  /** A heartbeat NOTIFY is sent this often. @default 250 */
  readonly heartbeatMs?: number;
  /** `live` only while a heartbeat sent this recently has come back. @default 1000 */
  readonly leaseMs?: number;
  /** Bound on connecting and LISTEN; no heartbeat back for this long closes the connection. @default 2000 */
  readonly timeoutMs?: number;
  /** The first reconnect delay; each next one doubles, up to `maxRetryMs`. @default 100 */
  readonly retryMs?: number;
  /** The longest reconnect delay. @default 5000 */
  readonly maxRetryMs?: number;
  /** Triggers that must exist in the database (the ones that NOTIFY); without them it is never live. @default [] */
  readonly requiredTriggers?: readonly string[];
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

export function changeFeed(url: string, channel: string, options: ChangeFeedOptions = {}): ChangeFeed {
  if (!CHANNEL_NAME.test(channel))
    throw new TypeError(`userbridge: bad channel name ${JSON.stringify(channel)}`);
  const {
    heartbeatMs = 250,
    leaseMs = 1_000,
    timeoutMs = 2_000,
    retryMs = 100,
    maxRetryMs = 5_000,
  } = options;
  const requiredTriggers = options.requiredTriggers ?? [];
  const beatChannel = `${channel}_beat_${randomBytes(6).toString("hex")}`;
  const listeners = new Set<ChangeFeedListener>();
  let connected = false;
  let closed = false;
  let client: pg.Client | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let beat = 0;
  const sentAt = new Map<string, number>();
  let confirmedSentAt = -Infinity;

  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    for (const listener of listeners) listener.state(value);
  };

  function down(dead: pg.Client): void {
    if (dead !== client) return; // an older connection, already replaced
    client = undefined;
    confirmedSentAt = -Infinity;
    sentAt.clear();
    setConnected(false);
    clearInterval(heartbeat);
    (dead as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    if (closed || listeners.size === 0) return;
    retry = setTimeout(connect, delay);
    retry.unref();
    delay = Math.min(delay * 2, maxRetryMs);
  }

  function sendHeartbeat(next: pg.Client): void {
    const now = performance.now();
    const oldestUnanswered = sentAt.values().next().value;
    if (oldestUnanswered !== undefined && now - oldestUnanswered > timeoutMs) {
      down(next); // a heartbeat has not come back for too long: a silent connection
      return;
    }
    const nonce = String(++beat);
    sentAt.set(nonce, now);
    next.query("SELECT pg_notify($1, $2)", [beatChannel, nonce]).catch(() => down(next));
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
      if (next !== client) return;
      if (message.channel === beatChannel) {
        // Only a heartbeat our own server session sent and received proves this connection's LISTEN.
        // Through a transaction-pooling proxy (PgBouncer) our NOTIFY can come back inside its own
        // transaction while other sessions' notifications are dropped: such a proxy gives the client its
        // own BackendKeyData, so the notifying backend is not the pid this client was told.
        if (message.processId !== backendPid(next)) return;
        const sent = sentAt.get(message.payload ?? "");
        if (sent === undefined) return;
        for (const nonce of sentAt.keys()) {
          sentAt.delete(nonce);
          if (nonce === message.payload) break; // earlier ones are answered by this one too
        }
        confirmedSentAt = Math.max(confirmedSentAt, sent);
        return;
      }
      if (message.channel !== channel) return;
      for (const listener of listeners) listener.change(message.payload ?? "");
    });
    try {
      await next.connect();
      if (requiredTriggers.length > 0) {
        const { rows } = await next.query<{ found: number }>(
          "SELECT count(DISTINCT tgname)::int AS found FROM pg_trigger WHERE tgname = ANY($1::text[])",
          [requiredTriggers],
        );
        // No triggers (migrations not applied, another database): nothing would ever arrive. Stay down.
        if (rows[0]?.found !== requiredTriggers.length) throw new Error("the NOTIFY triggers are missing");
      }
      await next.query(`LISTEN "${channel}"`);
      await next.query(`LISTEN "${beatChannel}"`);
    } catch {
      down(next);
      return;
    }
    if (next !== client) return;
    delay = retryMs;
    setConnected(true);
    sendHeartbeat(next);
    heartbeat = setInterval(() => sendHeartbeat(next), heartbeatMs);
    heartbeat.unref();
  }

  return {
    get live() {
      return connected && performance.now() - confirmedSentAt < leaseMs;
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
      setConnected(false);
      await open?.end().catch(() => {});
    },
  };
}

/** The backend pid the server (or a proxy posing as one) announced in BackendKeyData. */
function backendPid(client: pg.Client): number | undefined {
  return (client as unknown as { processID?: number | null }).processID ?? undefined;
}
