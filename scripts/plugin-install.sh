#!/bin/sh
# Helm's install hook, and its update hook as `plugin-install.sh update` (plugin.yaml). A release
# tarball carries what runs (the bundled JavaScript, or a per-platform executable); a git checkout
# is built once with npm, on a Node the CLI runs on (bin/node-floor.cjs; else the launcher's refusal
# before npm starts). Then the command is started once (`version`), which proves it starts on this
# host, or the launcher says why not and what to install (no node or one outside the range for the
# portable plugin, an executable for another platform).
#
# Helm 3.17 and 4.1 both keep a plugin whose install hook failed: listed by `helm plugin list`, and
# every `helm airgap` command failing. Neither gives a hook a way to undo the install (Helm 4 does
# not even pass HELM_BIN), so a failed install removes the folder Helm made itself: the link Helm
# made to a folder or a clone (the folder it points to stays), or the folder Helm unpacked, with
# the copy of the tarball Helm 4 keeps beside it. Only the folder this hook runs in (plugin.yaml cds
# there), only on install: a failed update leaves the plugin as it was, and its commands say why.
set -eu
event=${1:-install}

remove_failed_install() {
  dir=${HELM_PLUGIN_DIR:-}
  if [ "$event" != install ] || [ -z "$dir" ] || [ ! . -ef "$dir" ] || [ ! -f "$dir/plugin.yaml" ]; then
    return 0
  fi
  version=
  while IFS= read -r line; do
    case $line in version:*) version=${line#version:} && version=${version# } ;; esac
  done <plugin.yaml
  cd /
  if [ -L "$dir" ]; then rm -f -- "$dir"; else rm -rf -- "$dir"; fi
  [ -n "$version" ] && rm -f -- "$dir-$version.tgz" "$dir-$version.tgz.prov"
  echo "helm-airgap: the install did not finish, so the plugin was removed again ($dir): install it again once the above is fixed" >&2
}
trap 'status=$?; [ "$status" -eq 0 ] || remove_failed_install; exit "$status"' EXIT

if [ -f bin/helm-airgap.mjs ] && [ ! -f dist/helm-airgap.mjs ] && command -v node >/dev/null 2>&1; then
  node bin/node-floor.cjs version
  if ! command -v npm >/dev/null 2>&1; then
    echo "helm-airgap: this is a source checkout and npm is missing" >&2
    echo "next: install npm, or install the release tarball (dist/airgap-<version>.tgz)" >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
fi
HELM_AIRGAP_NO_ANSWERS=1 ./bin/helm-airgap version >/dev/null
