#!/bin/sh
# Entrypoint of userbridge/postgres-local, compatible with the official postgres image for what
# testcontainers and the tests use: POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required
# unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB (default: the user's name), arguments after
# `postgres` passed to the server. /docker-entrypoint-initdb.d scripts are not supported.
set -eu

if [ "${1#-}" != "${1:-}" ]; then set -- postgres "$@"; fi
if [ "${1:-}" != postgres ]; then exec "$@"; fi
shift

if [ "$(id -u)" = 0 ]; then
  # Started as root (docker run --user root): like the official image, own $PGDATA, then drop to postgres.
  install -d -m 0700 -o postgres -g postgres "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" postgres "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
    echo "userbridge/postgres-local: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  # --no-sync: a throwaway test cluster; initdb's fsync is most of its run time.
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host="$auth" --no-sync --no-instructions >/dev/null
  rm -f "$pwfile"
  echo "host all all all $auth" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    # Single-user mode creates the database before the server listens, so a health check
    # that passes means the database exists (the official image gets the same from a socket-only
    # temporary server).
    quoted="$(printf '%s' "$db" | sed 's/"/""/g')"
    out="$(printf 'CREATE DATABASE "%s"\n' "$quoted" | postgres --single -D "$PGDATA" postgres 2>&1)"
    case "$out" in *ERROR*|*FATAL*) echo "$out" >&2; exit 1 ;; esac
  fi
  echo "userbridge/postgres-local: initialized $PGDATA (user $user, database $db)"
fi

exec postgres "$@"
