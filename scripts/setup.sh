#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine with Node 20: the Debian
# packages for real registries and OCI checks, real Helm 3/4, a Node the CLI runs on, and the npm
# dependencies. The CLI and its dependencies run on Node.js ^22.22.2 || ^24.15.0 || >=26
# (bin/node-floor.cjs): when the node on PATH is older, setup fetches the pinned Node 24 from the
# npm registry, checked against its sha512 (scripts/pinned-node.mjs, the one inside the per-platform
# executables) into the tools cache, and runs npm ci and the build on it (the machine's npm, whose
# script runs on the `node` first on PATH).
# Prints one line on stdout: the folder of that node, for the caller to put first on PATH (empty
# when the PATH's node will do); everything else goes to stderr. scripts/test.sh and demo.sh do:
#   node_bin=$(./scripts/setup.sh) && PATH="${node_bin:+$node_bin:}$PATH"
set -euo pipefail
cd "$(dirname "$0")/.."
exec 3>&1 1>&2

APT_PACKAGES=(docker-registry skopeo umoci containerd gnupg apache2-utils openssl ca-certificates unzip chromium time qemu-user-static golang-go)
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

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup: node and npm are needed (Debian's will do: setup fetches the Node the CLI runs on when theirs is older): apt-get install -y nodejs npm" >&2
  exit 1
fi
node_bin=
if ! node -e 'process.exit(require("./bin/node-floor.cjs").supported(process.versions.node) ? 0 : 1)'; then
  echo "setup: node on PATH is $(node --version), outside $(node -p 'require("./bin/node-floor.cjs").RANGE'): using the pinned Node from the npm registry" >&2
  node_bin=$(node scripts/pinned-node.mjs)
  export PATH="$node_bin:$PATH"
  echo "setup: node $(node --version) ($node_bin/node)" >&2
fi

# Real Helm 3 and 4 and kubectl (the tests' specification; the product never needs them).
./scripts/install-helm.sh

# npm ci only when node_modules is missing or older than the lock file. A node_modules that is a
# link to another checkout's (a git worktree sharing one install) is left alone: npm ci would empty
# the other checkout's folder through it.
if [ -L node_modules ]; then
  echo "setup: node_modules links to $(readlink node_modules): not reinstalled here" >&2
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -f dist/helm-airgap.mjs ] || [ -n "$(find src -newer dist/helm-airgap.mjs -name '*.ts' -print -quit)" ]; then
  npm run --silent build
fi

echo "$node_bin" >&3
