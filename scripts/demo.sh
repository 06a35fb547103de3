#!/usr/bin/env bash
# The end-to-end demo README.md names on a fresh Debian machine with Node 20: installs what it needs
# (scripts/setup.sh, Node 24 among it), then runs scripts/demo.ts: a local chart repository and source registry,
# `helm airgap images`, `bundle`, `inspect`, `push` into the ECR stand-in (twice), `verify`, `values`,
# and a check that every image resolves in the target registry. Ends with "demo: OK ..." and
# exit 0, or a non-zero exit; the background servers are stopped either way.
# Usage: ./scripts/demo.sh [--workdir DIR] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."

# the demo and the CLI it runs on the node setup names (the pinned Node 24 when the PATH's is older)
node_bin=$(./scripts/setup.sh)
export PATH="${node_bin:+$node_bin:}$PATH"

pid=""
cleanup() {
  # the demo stops its own servers on SIGTERM/SIGINT; this makes sure it gets the signal
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

node --import tsx scripts/demo.ts "$@" &
pid=$!
status=0
wait "$pid" || status=$?
pid=""
exit "$status"
