// `values --format kustomize`: each release rendered with the user's values (as `helm template
// --include-crds`, helm test hooks left out) into `<release>.manifests.yaml`, and one `kustomization.yaml` naming them as resources with the
// `images:` that move every image kustomize can reach. What it cannot reach is reported by name.
import { discoverImages } from '../../discover/discover-images.js';
import { isTestHook } from '../../discover/image-site.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { buildKustomization, type KustomizeImage, type UnreachableImage } from '../../overrides/kustomize.js';
import type { Placement } from '../../overrides/placement.js';
import type { ValuesRelease } from '../../overrides/values-sources.js';

export interface KustomizeReport {
  resources: string[];
  images: KustomizeImage[];
  /** Images in the manifests the kustomization leaves where they are (exit 3 unless --allow-hardcoded). */
  unreachable: UnreachableImage[];
  /** Test hooks left out of the manifests (helm test pods mean nothing to kubectl apply). */
  skippedTests: string[];
}

export interface KustomizeFiles {
  files: { name: string; text: string }[];
  report: KustomizeReport;
}

export async function kustomizeOutputs(releases: readonly ValuesRelease[], renderer: Renderer, to: Placement, header: string[]): Promise<KustomizeFiles> {
  const files: { name: string; text: string }[] = [];
  const sites = [];
  const skippedTests: string[] = [];
  for (const rel of releases) {
    const render = { releaseName: rel.release, namespace: rel.namespace, kubeVersion: rel.kubeVersion, apiVersions: rel.apiVersions, values: rel.values };
    // CRDs included: helm install would create them, kubectl apply -k has no other source
    const all = (await renderer.render(rel.chart, { ...render, includeCrds: true, skipTests: false })).docs;
    const docs = all.filter((d) => !isTestDoc(d));
    skippedTests.push(...all.filter(isTestDoc).map((d) => d.template));
    const name = `${rel.release}.manifests.yaml`;
    files.push({ name, text: docs.map((d) => `---\n# Source: ${d.template}\n${d.text.replace(/\n*$/, '\n')}`).join('') });
    sites.push(...discoverImages(docs).filter((s) => s.certainty === 'certain'));
  }
  const k = buildKustomization(
    files.map((f) => f.name),
    sites,
    to,
    header,
  );
  files.push({ name: 'kustomization.yaml', text: k.text });
  return { files, report: { resources: files.slice(0, -1).map((f) => f.name), images: k.images, unreachable: k.unreachable, skippedTests } };
}

function isTestDoc(d: RenderedDoc): boolean {
  const o = d.object as { metadata?: { annotations?: Record<string, unknown> } } | null;
  const hook = o?.metadata?.annotations?.['helm.sh/hook'];
  return typeof hook === 'string' && isTestHook({ chart: d.chart, template: d.template, kind: '', name: '', fieldPath: '', hook });
}
