#!/usr/bin/env bash
# Builds the PostgreSQL test image userbridge/postgres-local from Debian packages, for machines that
# cannot pull from Docker Hub. Its entrypoint follows the official image (POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB), so @testcontainers/postgresql works with it unchanged:
#   sudo scripts/build-local-postgres-image.sh
#   USERBRIDGE_PG_IMAGE=userbridge/postgres-local pnpm test
# With --if-outdated it does nothing when the image was built from the same sources (this script and
# scripts/postgres-image/).
# Needs root, debootstrap and a running Docker engine. Environment (all optional):
#   DEBIAN_SUITE   default: this machine's Debian release, else bookworm
#   DEBIAN_MIRROR  default: http://deb.debian.org/debian
set -euo pipefail

IMAGE=userbridge/postgres-local
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "userbridge: $*" >&2; exit 1; }
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info failed)"

source_hash="$(cat "${BASH_SOURCE[0]}" "$here"/postgres-image/* | sha256sum | cut -c1-16)"
if [ "${1:-}" = --if-outdated ] &&
  [ "$(docker image inspect --format '{{ index .Config.Labels "org.userbridge.source" }}' "$IMAGE" 2>/dev/null)" = "$source_hash" ]; then
  echo "userbridge: $IMAGE is up to date (sources $source_hash)"
  exit 0
fi
[ "$(id -u)" = 0 ] || fail "build-local-postgres-image.sh needs root (debootstrap)"
command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install debootstrap"

host_suite="$( (. /etc/os-release && [ "${ID:-}" = debian ] && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)"
suite="${DEBIAN_SUITE:-${host_suite:-bookworm}}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
started=$SECONDS

echo "userbridge: debootstrap $suite (minbase + postgresql) from $mirror"
debootstrap --variant=minbase --include=postgresql "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
echo "userbridge: debootstrap took $((SECONDS - started)) s"

major="$(ls "$rootfs/usr/lib/postgresql")"
[[ "$major" =~ ^[0-9]+$ ]] || fail "expected one PostgreSQL version in the image, found: $major"

# The package's default cluster is never used: the entrypoint runs initdb in $PGDATA at start.
rm -rf "$rootfs/var/lib/postgresql/$major" "$rootfs/etc/postgresql/$major"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
install -m 0755 "$here/postgres-image/docker-entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
pg_ids="$(chroot "$rootfs" id -u postgres):$(chroot "$rootfs" id -g postgres)"
install -d -m 0700 -o "${pg_ids%:*}" -g "${pg_ids#*:}" "$rootfs/var/lib/postgresql/data"
install -d -m 2775 -o "${pg_ids%:*}" -g "${pg_ids#*:}" "$rootfs/var/run/postgresql"

tag="$major-$suite"
echo "userbridge: importing $IMAGE:$tag"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change "ENV PATH=/usr/lib/postgresql/$major/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV PGDATA=/var/lib/postgresql/data" \
  --change "ENV LANG=C.UTF-8" \
  --change "USER postgres" \
  --change "EXPOSE 5432" \
  --change "LABEL org.userbridge.source=$source_hash" \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  - "$IMAGE:$tag" >/dev/null
docker tag "$IMAGE:$tag" "$IMAGE:latest"
echo "userbridge: built $IMAGE:$tag (also $IMAGE:latest) in $((SECONDS - started)) s"
