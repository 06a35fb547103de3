#!/bin/sh
# Helm 4's install hook for the airgap-postrender plugin. Helm 4 takes a post-renderer only as a
# plugin whose plugin.yaml says `apiVersion: v1` and `type: postrenderer/v1` (a legacy plugin.yaml
# is always a cli/v1 or getter/v1 plugin to it), and Helm 3 decodes every plugin.yaml of its plugin
# folders strictly: one `apiVersion` field and Helm 3 loads no plugin at all ("failed to load
# plugins ... unknown field "apiVersion"", `helm airgap` an unknown command). Both read
# ~/.local/share/helm/plugins by default, so no one folder can serve both. This hook asks every
# Helm 3 on PATH which folders it reads; if one is where Helm 4 just put us, it removes the plugin
# again (Helm 4 keeps a plugin whose hook failed) and says how to keep both Helms working.
set -u
dir=${HELM_PLUGIN_DIR:?Helm sets HELM_PLUGIN_DIR for its hooks}
here=$(cd "$dir/.." && pwd -P)
name=${dir##*/}

# the folder Helm 4 just made for this plugin, and the copy of the tarball it keeps beside it
# (NAME-VERSION.tgz; `kept`, not `version`: the loop below names Helm 3's version so)
# (our own folder only: its plugin.yaml says postrenderer/v1; read by the shell, grep may be absent)
remove_self() {
  ours= kept=
  while IFS= read -r line; do
    case $line in 'type: postrenderer/v1') ours=1 ;; version:*) kept=${line#version:} && kept=${kept# } ;; esac
  done <"$dir/plugin.yaml"
  [ -n "$ours" ] || return 0
  rm -rf -- "$dir"
  [ -n "$kept" ] && rm -f -- "$dir-$kept.tgz" "$dir-$kept.tgz.prov"
  return 0
}

# Started once, as the airgap plugin's hook does: on a host without node the launcher says why and
# what instead, and the plugin goes again (Helm 4 keeps a plugin whose install hook failed).
if ! HELM_AIRGAP_NO_ANSWERS=1 "$dir/bin/helm-airgap" version >/dev/null; then
  remove_self
  echo "helm-airgap: the install did not finish, so the plugin was removed again ($dir): install it again once the above is fixed" >&2
  exit 1
fi

# the names a Helm 3 goes by on PATH: helm, helm3, helm-v3.17, helm@3 ...
candidates() {
  IFS=:
  for d in $PATH; do
    [ -n "$d" ] || continue
    for f in "$d"/helm "$d"/helm3* "$d"/helm-3* "$d"/helm-v3* "$d"/helmv3* "$d"/helm_3* "$d"/helm@3*; do
      [ -f "$f" ] && [ -x "$f" ] && echo "$f"
    done
  done
  unset IFS
}

# the tarball to unpack by hand: this one's name (the per-platform one carries bin/helm-airgap-OS-ARCH)
tarball=airgap-postrender-VERSION.tgz
for f in "$dir"/bin/helm-airgap-*-*; do [ -f "$f" ] && tarball=airgap-postrender-VERSION-${f##*/helm-airgap-}.tgz; done

for helm in $(candidates); do
  version=$(HELM_NO_PLUGINS=1 "$helm" version --template '{{.Version}}' 2>/dev/null) || continue
  case $version in v3.*) ;; *) continue ;; esac
  # asked without the HELM_PLUGINS Helm 4 set for this hook: Helm 3's own folders, from its data home
  folders=$(unset HELM_PLUGINS && HELM_NO_PLUGINS=1 "$helm" env HELM_PLUGINS 2>/dev/null) || continue
  IFS=:
  for f in $folders; do
    unset IFS
    [ -d "$f" ] || continue
    [ "$(cd "$f" && pwd -P)" = "$here" ] || continue
    # our own folder only, and only the plugin Helm 4 just installed
    remove_self
    cat >&2 <<MSG
helm-airgap: not installed: Helm 3 ($helm, $version) also reads $here, and a Helm 4
post-renderer plugin there (apiVersion: v1) stops every Helm 3 plugin from loading. Helm 4 takes
a post-renderer only as such a plugin, so it goes into a folder only Helm 4 is told about, unpacked
there once its signature and sum are checked (KEYRING: the signer's public key, as for the install):
next: gpgv --keyring ./KEYRING.gpg --output postrender.signed $tarball.prov \\
        && sed -n 's/^  \\($tarball\\): sha256:\\([0-9a-f]\\{64\\}\\)\$/\\2  \\1/p' postrender.signed | sha256sum --check --strict \\
        && mkdir -p "\$HOME/.local/share/helm4-plugins" && tar xzf $tarball -C "\$HOME/.local/share/helm4-plugins"
      then run Helm 4 with both folders, e.g. alias helm4='HELM_PLUGINS="$here:\$HOME/.local/share/helm4-plugins" helm4'
      (docs/install.md, "Both Helms on one machine"; \`helm airgap doctor\` checks the result; Helm 3
      keeps using the CLI plugin's launcher as its post-renderer)
MSG
    exit 1
  done
  unset IFS
done
exit 0
