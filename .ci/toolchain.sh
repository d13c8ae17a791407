# shellcheck shell=bash
# Sourced by .ci/run: Node 24 and pnpm 12.4.2 from the npm registry, first on PATH (the machine's
# Node 20 cannot run testcontainers 12, and corepack fails its signature check here).
NODE_SPEC="node@24"
PNPM_SPEC="pnpm@12.4.2"

use_node_and_pnpm() {
  local bin
  # shellcheck disable=SC2016 # expanded by the shell npx starts, with its PATH
  bin="$(npx -y -p "$NODE_SPEC" -p "$PNPM_SPEC" -c 'dirname "$(command -v pnpm)"')"
  export PATH="$bin:$PATH"
  local node_version pnpm_version
  node_version="$(node --version)"
  pnpm_version="$(pnpm --version)"
  case "$node_version" in v24.*) ;; *) echo "userbridge: expected Node 24, got $node_version" >&2; return 1 ;; esac
  [ "$pnpm_version" = "${PNPM_SPEC#pnpm@}" ] ||
    { echo "userbridge: expected pnpm ${PNPM_SPEC#pnpm@}, got $pnpm_version" >&2; return 1; }
  echo "ci: node $node_version, pnpm $pnpm_version ($bin)"
}

# Runs a command with Node 22 LTS first on PATH (AsyncLocalStorage is built on promise hooks
# there, on AsyncContextFrame in 24: the routing tests run on both).
with_node_22() {
  local bin
  # shellcheck disable=SC2016 # expanded by the shell npx starts, with its PATH
  bin="$(npx -y -p node@22 -c 'dirname "$(command -v node)"')"
  echo "ci: $("$bin/node" --version) for: $*"
  PATH="$bin:$PATH" "$@"
}
