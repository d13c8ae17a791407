// One database's primary and its read replicas, watched in the background: each replica's replay
// position and how far behind the primary it is, so that choosing a replica for a read is a lookup
// (never a query per read). A replica that is down, refuses connections or lags past the bound leaves
// the rotation until a later poll finds it well again.
import pg from "pg";
import { type Lsn, parseLsn } from "./lsn.js";

export interface ReplicaTuning {
  /** How often the primary's position and each replica's replay position are read. @default 100 */
  readonly pollIntervalMs?: number;
  /** A replica further behind the primary than this leaves the rotation. @default 5000 */
  readonly maxLagMs?: number;
  /** How long one poll may wait for a connection and an answer. @default 1000 */
  readonly probeTimeoutMs?: number;
  /** How long a replica that failed a read stays out of rotation, whatever the polls say. @default 5000 */
  readonly downCooldownMs?: number;
}

export interface ReplicaState {
  /** `replica:<index>` in route decisions. */
  readonly label: string;
  /** `host:port/database`, never the password. */
  readonly description: string;
  /** Answering and within the lag bound: in the rotation. */
  readonly healthy: boolean;
  /** The last replay position read, if any. */
  readonly replayed: Lsn | undefined;
  /** How far behind the primary it was at the last poll, in ms (`Infinity` before any). */
  readonly lagMs: number;
}

interface Replica extends ReplicaState {
  healthy: boolean;
  replayed: Lsn | undefined;
  lagMs: number;
  /** A read failed to reach it: out of rotation until then, whatever the polls say. */
  downUntil: number;
  readonly probe: pg.Pool;
}

/** The primary at one position, from the first to the last poll that saw it there. */
interface Sample {
  readonly lsn: Lsn;
  readonly firstAt: number;
  lastAt: number;
}

/** What a server is a copy of: the cluster (pg_control_system) and the database. */
interface Identity {
  readonly cluster: string | undefined;
  readonly database: string;
}

// A monotonic clock: a stepped wall clock must not make a lagging replica look current.
const now = () => performance.now();

export const DEFAULT_REPLICA_TUNING: Required<ReplicaTuning> = {
  pollIntervalMs: 100,
  maxLagMs: 5_000,
  probeTimeoutMs: 1_000,
  downCooldownMs: 5_000,
};

const PRIMARY_POSITION = "SELECT pg_current_wal_lsn()::text AS lsn";
const REPLAY_POSITION =
  "SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS standby, current_database() AS database";
const IDENTITY =
  "SELECT current_database() AS database, (SELECT system_identifier::text FROM pg_control_system()) AS cluster";

export class ReplicaSet {
  readonly database: string;
  private readonly replicas: Replica[];
  private readonly primary: pg.Pool;
  private readonly tuning: Required<ReplicaTuning>;
  private readonly warn: (message: string) => void;
  /** Primary positions over the last maxLag (and a little), oldest first. */
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private primaryIdentity: Identity | undefined;
  private readonly replicaIdentities = new Map<Replica, Identity>();
  private polling: Promise<void> | undefined;
  private next = 0;
  private warnedNone = false;
  /** Until the first poll has answered, no replica is known well: reads go to the primary, unwarned. */
  private polled = false;

  constructor(options: {
    database: string;
    primaryUrl: string;
    replicas: readonly { url: string; description: string }[];
    tuning?: ReplicaTuning;
    warn?: (message: string) => void;
  }) {
    this.database = options.database;
    this.tuning = { ...DEFAULT_REPLICA_TUNING, ...options.tuning };
    this.warn = options.warn ?? ((message) => console.warn(message));
    const probePool = (connectionString: string) => {
      const pool = new pg.Pool({
        connectionString,
        max: 1,
        connectionTimeoutMillis: this.tuning.probeTimeoutMs,
        query_timeout: this.tuning.probeTimeoutMs,
        // A fresh connection now and then, so a replica refusing new connections is seen as such.
        idleTimeoutMillis: 0,
        maxUses: 50,
        allowExitOnIdle: true,
      });
      pool.on("error", () => {}); // an idle probe connection dropped: the next poll says so
      return pool;
    };
    this.primary = probePool(options.primaryUrl);
    this.replicas = options.replicas.map(({ url, description }, index) => ({
      label: `replica:${index}`,
      description,
      healthy: false,
      replayed: undefined,
      lagMs: Number.POSITIVE_INFINITY,
      downUntil: 0,
      probe: probePool(url),
    }));
  }

  get states(): readonly ReplicaState[] {
    return this.replicas.map(({ label, description, healthy, replayed, lagMs }) => ({
      label,
      description,
      healthy,
      replayed,
      lagMs,
    }));
  }

  /** Starts the background polls (unref'd: they never keep a process alive). Resolves after the first. */
  start(): Promise<void> {
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.poll(), this.tuning.pollIntervalMs);
      this.timer.unref();
    }
    return this.poll();
  }

  /**
   * A replica that has replayed at least `required` (when given), round robin among those; why not,
   * when none: `"no-replica"` (none healthy) or `"lagging"` (healthy ones are behind `required`).
   */
  choose(required: Lsn | undefined): { index: number; label: string } | "no-replica" | "lagging" {
    const count = this.replicas.length;
    const at = now();
    let healthy = 0;
    for (let step = 0; step < count; step++) {
      const index = (this.next + step) % count;
      const replica = this.replicas[index] as Replica;
      if (!replica.healthy || replica.downUntil > at) continue;
      healthy++;
      if (required !== undefined && (replica.replayed === undefined || replica.replayed < required)) continue;
      this.next = (index + 1) % count;
      return { index, label: replica.label };
    }
    if (healthy === 0) {
      if (this.polled && !this.warnedNone) {
        this.warnedNone = true;
        this.warn(
          `userbridge: no replica of the ${this.database} database is in rotation; reads go to its primary ` +
            "until one answers and catches up.",
        );
      }
      return "no-replica";
    }
    return "lagging";
  }

  /** A replica a read just failed on (refused, reset): out of rotation until a poll finds it well. */
  markDown(index: number): void {
    const replica = this.replicas[index];
    if (replica === undefined) return;
    replica.healthy = false;
    replica.downUntil = now() + this.tuning.downCooldownMs;
  }

  /** The primary's newest position seen, if any (a cookie's position far beyond it is not believed). */
  get primaryPosition(): Lsn | undefined {
    return this.samples.at(-1)?.lsn;
  }

  /** Reads the primary's position, then every replica's, once (concurrent callers share one poll). */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    this.primaryIdentity ??= await this.identityOf(this.primary);
    const sampled = await this.primary.query<{ lsn: string }>(PRIMARY_POSITION).then(
      (result) => parseLsn(result.rows[0]?.lsn),
      () => undefined,
    );
    const at = now();
    if (sampled !== undefined) this.record(sampled, at);
    await Promise.all(this.replicas.map((replica) => this.pollReplica(replica, at)));
    this.polled = true;
    if (this.replicas.some((replica) => replica.healthy)) this.warnedNone = false;
  }

  private async identityOf(pool: pg.Pool): Promise<Identity | undefined> {
    return pool.query<{ database: string; cluster: string | null }>(IDENTITY).then(
      ({ rows: [row] }) => (row ? { database: row.database, cluster: row.cluster ?? undefined } : undefined),
      () => undefined,
    );
  }

  /** A copy of this primary: the same cluster (when both can tell) and the same database. */
  private async isCopyOfPrimary(replica: Replica): Promise<boolean> {
    const primary = this.primaryIdentity;
    if (primary === undefined) return false;
    let identity = this.replicaIdentities.get(replica);
    if (identity === undefined) {
      identity = await this.identityOf(replica.probe);
      if (identity === undefined) return false;
      this.replicaIdentities.set(replica, identity);
    }
    const sameCluster =
      primary.cluster === undefined || identity.cluster === undefined || primary.cluster === identity.cluster;
    return sameCluster && primary.database === identity.database;
  }

  private async pollReplica(replica: Replica, at: number): Promise<void> {
    const row = await replica.probe
      .query<{ lsn: string | null; standby: boolean; database: string }>(REPLAY_POSITION)
      .then(
        (result) => result.rows[0],
        () => undefined,
      );
    const replayed = parseLsn(row?.lsn);
    // Down, not a standby (never one, or promoted), or a copy of another database: never read from it.
    if (
      row === undefined ||
      replayed === undefined ||
      !row.standby ||
      !(await this.isCopyOfPrimary(replica))
    ) {
      if (row === undefined) this.replicaIdentities.delete(replica); // it may come back as something else
      replica.healthy = false;
      replica.lagMs = Number.POSITIVE_INFINITY;
      return;
    }
    replica.replayed = replayed;
    replica.lagMs = this.lagOf(replayed, at);
    replica.healthy = replica.lagMs <= this.tuning.maxLagMs;
  }

  /**
   * How far behind the primary a replay position is: it is current as of the last time the primary was
   * seen at a position it has reached, so its lag is the time since then (0 when it has the newest).
   */
  private lagOf(replayed: Lsn, at: number): number {
    for (let index = this.samples.length - 1; index >= 0; index--) {
      const sample = this.samples[index] as Sample;
      if (sample.lsn <= replayed) return index === this.samples.length - 1 ? 0 : at - sample.lastAt;
    }
    // Behind every position kept: behind since before the oldest was first seen, at least.
    const oldest = this.samples[0];
    return oldest === undefined ? Number.POSITIVE_INFINITY : at - oldest.firstAt;
  }

  private record(lsn: Lsn, at: number): void {
    const newest = this.samples.at(-1);
    // An idle primary repeats its position: a replica that has it was current until the last time it was
    // seen there (else an idle hour would read as an hour of lag); one that lacks it, since the first.
    if (newest !== undefined && newest.lsn === lsn) {
      newest.lastAt = at;
      return;
    }
    this.samples.push({ lsn, firstAt: at, lastAt: at });
    const horizon = at - this.tuning.maxLagMs * 2;
    while (this.samples.length > 1 && (this.samples[0] as Sample).lastAt < horizon) this.samples.shift();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
    await Promise.all([this.primary.end(), ...this.replicas.map((replica) => replica.probe.end())]);
  }
}
