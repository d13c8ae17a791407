// How PostgreSQL runs inside a test container, shared by the setup (start) and the tests (stop/start).

/** Fast and disposable: test data never needs to survive a crash. */
export const SERVER_OPTIONS = [
  "-c",
  "fsync=off",
  "-c",
  "synchronous_commit=off",
  "-c",
  "full_page_writes=off",
  "-c",
  "max_connections=200",
];

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

/** Run as the postgres user; PGDATA comes from the image's environment. Both are idempotent. */
export const STOP_COMMAND = [
  "sh",
  "-c",
  `touch ${STOPPED_MARKER} && { ! pg_ctl status >/dev/null || pg_ctl stop --mode=fast --wait; }`,
];
export const START_COMMAND = [
  "sh",
  "-c",
  `pg_ctl status >/dev/null || pg_ctl start --wait --log=/tmp/userbridge-postgres-restarted.log --options='${SERVER_OPTIONS.join(" ")}'`,
];
