#!/bin/sh
# Helm's install/update hook. A release tarball already carries dist/helm-airgap.mjs (offline
# install: nothing to do). A git checkout is built once with npm.
set -eu
if [ ! -f bin/helm-airgap.mjs ]; then
  # a per-platform tarball: its executable carries Node. Run once, it proves it starts on this host
  # (or the launcher says which tarballs exist).
  HELM_AIRGAP_NO_ANSWERS=1 ./bin/helm-airgap version >/dev/null
  exit 0
fi
if ! command -v node >/dev/null 2>&1; then
  echo "helm-airgap needs Node.js 20 or newer on PATH: install it, then run 'helm plugin update airgap'" >&2
  exit 1
fi
if [ -f dist/helm-airgap.mjs ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "helm-airgap: this is a source checkout and npm is missing: install npm, or install the release tarball (dist/airgap-<version>.tgz)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
