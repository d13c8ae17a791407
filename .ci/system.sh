# shellcheck shell=bash
# Sourced by .ci/run: Debian packages and the Docker engine. Needs root.

# Installs the named Debian packages that are missing (name:command pairs).
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
  done
  [ "${#missing[@]}" -eq 0 ] && { echo "ci: Debian packages present"; return; }
  echo "ci: installing ${missing[*]} from Debian"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

DOCKERD_PID=""
DOCKERD_LOG=""

# Starts dockerd unless an engine already answers; published ports bind to 127.0.0.1 only.
start_dockerd() {
  # These machines have a /.dockerenv, so testcontainers would look for published ports on the bridge
  # gateway; a local engine publishes them on the loopback.
  if [ -z "${DOCKER_HOST:-}" ]; then export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}"; fi
  if docker info >/dev/null 2>&1; then
    echo "ci: using the Docker engine already running"
    return
  fi
  DOCKERD_LOG="$(mktemp -t dockerd.XXXXXX.log)"
  echo "ci: starting dockerd (log: $DOCKERD_LOG)"
  dockerd --ip=127.0.0.1 >"$DOCKERD_LOG" 2>&1 &
  DOCKERD_PID=$!
  local waited=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$DOCKERD_PID" 2>/dev/null || [ "$waited" -ge 60 ]; then
      tail -n 30 "$DOCKERD_LOG" >&2
      echo "userbridge: dockerd did not start" >&2
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "ci: dockerd $(docker version --format '{{.Server.Version}}') is up"
}

# Removes the containers of this run (by label), then stops dockerd if this script started it.
stop_docker_things() {
  local run_id="$1" ids
  if docker info >/dev/null 2>&1; then
    ids="$(docker ps -aq --filter "label=org.userbridge.test.run=$run_id")"
    if [ -n "$ids" ]; then
      echo "ci: removing leftover test containers: $(echo "$ids" | tr '\n' ' ')"
      # shellcheck disable=SC2086
      docker rm -f $ids >/dev/null || true
    fi
  fi
  [ -n "$DOCKERD_PID" ] || return 0
  echo "ci: stopping dockerd ($DOCKERD_PID)"
  kill "$DOCKERD_PID" 2>/dev/null || return 0
  local waited=0
  while kill -0 "$DOCKERD_PID" 2>/dev/null && [ "$waited" -lt 60 ]; do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -0 "$DOCKERD_PID" 2>/dev/null && kill -9 "$DOCKERD_PID" 2>/dev/null
  DOCKERD_PID=""
}
