#!/bin/sh
# Helm's install/update hook. A release tarball already carries dist/helm-airgap.mjs (offline
# install: nothing to do). A git checkout is built once with npm.
set -eu
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
