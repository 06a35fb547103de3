#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine with Node 20:
# npm dependencies, the Debian packages for real registries and OCI checks, and real Helm 3/4.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(docker-registry skopeo umoci containerd gnupg apache2-utils openssl ca-certificates unzip chromium time qemu-user-static)
# `npm run package` makes an executable for each platform (scripts/sea.mjs) and runs the other
# architecture's Node under qemu-user: it needs that architecture's C and C++ libraries.
case $(dpkg --print-architecture) in
amd64) APT_PACKAGES+=(libc6-arm64-cross libstdc++6-arm64-cross) ;;
arm64) APT_PACKAGES+=(libc6-amd64-cross libstdc++6-amd64-cross) ;;
esac

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: need root to install ${missing[*]}: run 'apt-get install -y ${missing[*]}' as root" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null || $SUDO apt-get update
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# Real Helm 3 and 4 and kubectl (the tests' specification; the product never needs them).
./scripts/install-helm.sh

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -f dist/helm-airgap.mjs ] || [ -n "$(find src -newer dist/helm-airgap.mjs -name '*.ts' -print -quit)" ]; then
  npm run --silent build
fi
