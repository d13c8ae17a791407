// How the test servers run: their settings (containers and embedded), and the commands that stop, crash
// and start PostgreSQL inside a test container.

/**
 * Fast and disposable: test data never needs to survive a machine crash. A crashed server process still
 * recovers every committed row, as the crash tests check: a commit writes its WAL to the operating system
 * before it returns (synchronous_commit stays on; with fsync off that costs a write, not a flush).
 */
export const SERVER_SETTINGS: Readonly<Record<string, string>> = {
  fsync: "off",
  full_page_writes: "off",
  max_connections: "200",
};
export const SERVER_OPTIONS = Object.entries(SERVER_SETTINGS).flatMap(([key, value]) => [
  "-c",
  `${key}=${value}`,
]);

export const SUPERVISOR_PATH = "/usr/local/bin/userbridge-supervise";
const STOPPED_MARKER = "/tmp/userbridge-server-stopped";

/**
 * PID 1 of the test containers: runs the image's own entrypoint and outlives PostgreSQL, so a test can
 * stop and start the server inside the container and the published host port stays the same.
 * Works with any image whose entrypoint is the official `docker-entrypoint.sh`.
 */
export const SUPERVISOR_SCRIPT = `#!/bin/sh
"$@" &
server=$!
trap 'exit 0' TERM INT
wait "$server"
status=$?
# The first server exited: a failure unless a test stopped it on purpose.
[ -f ${STOPPED_MARKER} ] || exit "$status"
while :; do sleep 3600 & wait $!; done
`;

/** Run as the postgres user; PGDATA comes from the image's environment. All are idempotent. */
export const STOP_COMMAND = [
  "sh",
  "-c",
  `touch ${STOPPED_MARKER} && { ! pg_ctl status >/dev/null || pg_ctl stop --mode=fast --wait; }`,
];
/** SIGKILL to the postmaster, as a crash; the next start recovers from the WAL. */
export const CRASH_COMMAND = [
  "sh",
  "-c",
  `touch ${STOPPED_MARKER} && { ! pg_ctl status >/dev/null || kill -KILL "$(head -n 1 "$PGDATA/postmaster.pid")"; }`,
];
/** After a crash the old backends may hold shared memory for a moment: retry for up to 10 s. */
export const START_COMMAND = [
  "sh",
  "-c",
  `pg_ctl status >/dev/null && exit 0; for attempt in $(seq 40); do pg_ctl start --wait --log=/tmp/userbridge-postgres-restarted.log --options='${SERVER_OPTIONS.join(" ")}' >/dev/null && exit 0; sleep 0.25; done; cat /tmp/userbridge-postgres-restarted.log; exit 1`,
];
