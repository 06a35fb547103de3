// `--gitops PATH` (a file, a folder, or `-`): every release its helmfiles, Argo CD
// Applications/ApplicationSets and Flux HelmReleases declare, as chart entries of airgap.yaml
// (bundle/spec.ts), each with the values its tool would give Helm. Objects of other kinds are
// passed over; those sources name (HelmRepository, ConfigMap...) are looked up among them.
import type { ChartSpec } from '../spec.js';
import { applicationReleases, applicationSetReleases, isArgoApplication, isArgoApplicationSet } from './argocd.js';
import { FluxSources, helmReleaseReleases, isFluxHelmRelease } from './flux.js';
import { helmfileFileReleases } from './helmfile.js';
import { gitopsError } from './object-node.js';
import { toChartSpec, type GitopsRelease } from './release.js';
import { readGitopsTree, type GitopsReadOptions, type GitopsTree } from './source-tree.js';
import { followFluxKustomizations } from './flux-kustomization.js';

export async function readGitopsCharts(input: string, cwd: string, options: GitopsReadOptions = {}): Promise<ChartSpec[]> {
  const tree = await readGitopsTree(input, cwd, options);
  await followFluxKustomizations(tree);
  warnUnsubstituted(tree);
  const out: ChartSpec[] = [];
  for (const r of gitopsReleases(tree, input)) out.push(await toChartSpec(r, tree));
  return out;
}

/** Every release the tree declares, with where it is declared. */
export function gitopsReleases(tree: GitopsTree, input: string): GitopsRelease[] {
  const sources = new FluxSources();
  for (const f of tree.files) for (const o of f.docs) sources.add(o, f);
  const releases: GitopsRelease[] = [];
  for (const f of tree.files) {
    releases.push(...helmfileFileReleases(f.docs, f, tree));
    for (const o of f.docs) {
      if (isArgoApplication(o)) releases.push(...applicationReleases(o, f, tree));
      else if (isArgoApplicationSet(o)) releases.push(...applicationSetReleases(o, f, tree));
      else if (isFluxHelmRelease(o)) releases.push(...helmReleaseReleases(o, f, sources));
    }
  }
  if (releases.length === 0)
    throw gitopsError(
      `--gitops ${input}: no release found (no helmfile releases, Argo CD Application/ApplicationSet or Flux HelmRelease)`,
      'point --gitops at the file or folder holding them',
    );
  return releases;
}

/** A build holding `${var}` no Flux Kustomization filled: what the cluster gets differs; said once per build. */
function warnUnsubstituted(tree: GitopsTree): void {
  for (const f of tree.files) {
    if (!f.built || f.substituted) continue;
    const m = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[=-][^}]*)?\}/.exec(f.text.replace(/\$\$\{/g, ''));
    if (m)
      tree.options.warn?.(
        `${f.name}: holds \${${m[1]}}, which a Flux Kustomization's postBuild.substitute fills: read as written; give --gitops the cluster folder whose Kustomization builds it`,
      );
  }
}
