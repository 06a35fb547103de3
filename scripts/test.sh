#!/usr/bin/env bash
# The test command (README, .ci/run). Installs what it needs, type-checks, runs every test
# against real parts (docker-registry, skopeo, umoci, real archives) and ends with one line:
#   tests: N passed, M failed
# Usage: ./scripts/test.sh [--corpus DIR] [vitest filters...]
set -uo pipefail
cd "$(dirname "$0")/.."

config=vitest.config.ts
if [ "${1:-}" = "--corpus" ]; then
  export AIRGAP_CORPUS="$(cd "$2" && pwd)"
  config=vitest.corpus.config.ts
  shift 2
fi

# every process below (npm, tsc, vitest, the CLI the tests start) runs on the node setup names
node_bin=$(./scripts/setup.sh) || { echo "tests: 0 passed, 1 failed"; exit 1; }
export PATH="${node_bin:+$node_bin:}$PATH"
echo "test: node $(node --version) ($(command -v node))" >&2

tc_status=0
if [ "$config" = vitest.config.ts ]; then
  echo "test: typecheck" >&2
  npx tsc -p tsconfig.json --noEmit || tc_status=1
  echo "test: format (prettier --check; npm run format fixes it)" >&2
  npm run -s lint || tc_status=1
fi

mkdir -p .tmp
rm -f .tmp/vitest.json
npx vitest run -c "$config" --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@"
vitest_status=$?

node scripts/count-tests.mjs .tmp/vitest.json "$tc_status" "$vitest_status"
