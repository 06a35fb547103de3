#!/usr/bin/env bash
# Proves a refactor changed no behaviour: builds two commits (each in a detached git worktree under
# a temporary folder, sharing this tree's node_modules) and runs, on the development corpus, what
# discovery answers: `images -o json`, `images --explain -o json`, `images --optional -o json` and
# `values` (its files and its report), then compares the two builds' outputs byte for byte.
#   scripts/compare-builds.sh BASE [HEAD]     HEAD defaults to the work tree as it is (uncommitted
#                                             changes included), BASE is any commit-ish
# The corpus: the shared charts (../shared/charts/*.tgz, when present) and the chart fixtures that
# discovery and values tests read. AIRGAP_COMPARE_CHARTS="a b c" replaces it. Outputs stay in
# $AIRGAP_COMPARE_DIR (default: a fresh temporary folder, printed); each build's are kept per
# commit (out-<sha>), so a baseline is recorded once and reused while the folder is kept.
# Exit 0 when every output is identical, 1 naming the files that differ, 2 on a usage error.
# The commits' checkouts are git worktrees in that folder: remove it, then `git worktree prune`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ $# -ge 1 ] && [ $# -le 2 ] || {
  echo "usage: scripts/compare-builds.sh BASE [HEAD]" >&2
  exit 2
}
# a Node the CLI runs on: the PATH's, else setup's pinned one
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)' 2>/dev/null; then
  node_bin=$(./scripts/setup.sh) && PATH="${node_bin:+$node_bin:}$PATH"
fi

WORK=${AIRGAP_COMPARE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/compare-builds.XXXXXX")}
mkdir -p "$WORK"
echo "compare-builds: outputs in $WORK" >&2

if [ -n "${AIRGAP_COMPARE_CHARTS:-}" ]; then
  read -r -a CHARTS <<<"$AIRGAP_COMPARE_CHARTS"
else
  CHARTS=()
  for c in ../shared/charts/*.tgz fixtures/discover/charts/* fixtures/values/* fixtures/demo/charts/* \
    fixtures/charts/bitnami-style fixtures/charts/nested-aliases fixtures/charts/objects fixtures/charts/parent \
    fixtures/charts/values-methods fixtures/charts/v1-requirements; do
    [ -e "$c" ] && CHARTS+=("$(cd "$(dirname "$c")" && pwd)/$(basename "$c")")
  done
fi
echo "compare-builds: ${#CHARTS[@]} charts" >&2

# commit_of REV -> a commit: REV's, or for WORKTREE one holding the work tree as it is (untracked
# files included, ignored ones not), made with a temporary index so nothing of the repository moves
commit_of() {
  if [ "$1" != WORKTREE ]; then
    git rev-parse --verify "$1^{commit}"
    return
  fi
  local index="$WORK/index"
  cp "$(git rev-parse --git-path index)" "$index"
  GIT_INDEX_FILE=$index git add -A
  git commit-tree "$(GIT_INDEX_FILE=$index git write-tree)" -p HEAD -m "compare-builds: work tree"
}

# build COMMIT -> prints the folder whose dist/ holds its build (kept for the next comparison)
build() {
  local rev=$1
  local sha dir
  sha=$(commit_of "$rev")
  dir="$WORK/tree-$sha"
  if [ ! -f "$dir/dist/helm-airgap.mjs" ]; then
    rm -rf "$dir"
    git worktree prune
    git worktree add --detach "$dir" "$sha" >/dev/null 2>&1
    ln -s "$ROOT/node_modules" "$dir/node_modules"
    (cd "$dir" && nice -n 10 node scripts/build.mjs >&2)
  fi
  echo "$dir"
}

# run DIR OUT: every command on every chart, outputs under OUT
run() {
  local dir=$1 out=$2 cli="$1/dist/helm-airgap.mjs"
  rm -rf "$out" "$WORK/cache"
  mkdir -p "$out"
  for chart in "${CHARTS[@]}"; do
    local name
    name=$(basename "$chart" .tgz)
    # one cache path for both builds, emptied before each, so no output differs by it
    for mode in plain explain optional; do
      local flags=()
      case $mode in
      explain) flags=(--explain) ;;
      optional) flags=(--optional) ;;
      esac
      HELM_AIRGAP_CACHE="$WORK/cache" nice -n 10 node "$cli" images "$chart" -o json "${flags[@]}" \
        >"$out/$name.images-$mode.json" 2>"$out/$name.images-$mode.stderr" &&
        echo 0 >"$out/$name.images-$mode.exit" || echo $? >"$out/$name.images-$mode.exit"
    done
    mkdir -p "$out/$name.values"
    HELM_AIRGAP_CACHE="$WORK/cache" nice -n 10 node "$cli" values "$chart" --registry mirror.local:5000/m \
      --out-dir "$out/$name.values" -o json >"$out/$name.values.json" 2>"$out/$name.values.stderr" &&
      echo 0 >"$out/$name.values.exit" || echo $? >"$out/$name.values.exit"
    # the report names the folder it wrote to: the same relative name for both builds
    sed -i "s#$out/##g" "$out/$name.values.json" "$out/$name.values.stderr"
  done
}

outputs() {
  local rev=$1 dir sha out
  sha=$(commit_of "$rev")
  dir=$(build "$sha")
  out="$WORK/out-$sha"
  if [ -f "$out/.done" ]; then
    echo "$out"
    return
  fi
  local start=$SECONDS
  run "$dir" "$out"
  echo "compare-builds: $rev ran in $((SECONDS - start)) s" >&2
  touch "$out/.done"
  # a work tree's snapshot is not built again: its checkout goes (a commit's stays, for the next run)
  [ "$rev" != WORKTREE ] || git worktree remove --force "$dir"
  echo "$out"
}

A=$(outputs "$1")
B=$(outputs "${2:-WORKTREE}")
if diff -r "$A" "$B" >"$WORK/diff.txt"; then
  echo "compare-builds: identical ($(find "$A" -type f ! -name .done | wc -l) files)"
else
  echo "compare-builds: outputs differ (diff in $WORK/diff.txt):" >&2
  diff -rq "$A" "$B" >&2 || true
  exit 1
fi
