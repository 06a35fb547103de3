// Images whose tag a template takes from the cluster's Kubernetes version (Lago's wait-for-minio
// init container: `rancher/kubectl:{{ .Capabilities.KubeVersion }}` unless a tag value is set).
// The render can only name the tag of the version it was given (Helm 4's v1.35.0 by default);
// the cluster pulls the tag of its own version, which a mirror of the listed one does not hold.

import { DEFAULT_HELM_MAJOR, HELM_PROFILES, type HelmMajor } from '../helm/engine/defaults.js';
import { parseKubeVersion } from '../helm/engine/objects.js';
import type { OperatorWarning } from './builtin-images.js';
import { toImageRef } from './image-ref.js';
import type { ImageSite } from './image-site.js';

const READS_KUBE_VERSION = /\.Capabilities\.KubeVersion\b/;
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}([\s\S]*?)\{\{-?\s*end\s*-?\}\}/g;

/**
 * A warning per image of `sites` whose tag is the render's Kubernetes version (v1.35.0, 1.35.0,
 * v1.35 or 1.35, alone or before a suffix), where its template reads .Capabilities.KubeVersion,
 * itself or through a helper of the chart tree (`texts`) that does (Lago's `kubectlVersion`): a
 * tag equal to the version by chance, in a template that never reads it, is the chart's own.
 */
export function clusterVersionTags(
  chart: string,
  sites: readonly ImageSite[],
  texts: readonly string[],
  templateText: (template: string) => string | undefined,
  kubeVersion: string | undefined,
  helm: HelmMajor | undefined,
): OperatorWarning[] {
  if (!texts.some((t) => READS_KUBE_VERSION.test(t))) return [];
  const helpers = texts.flatMap((t) => [...t.matchAll(DEFINE)].filter((d) => READS_KUBE_VERSION.test(d[2]!)).map((d) => d[1]!));
  const reads = (template: string) => {
    const text = templateText(template) ?? '';
    return READS_KUBE_VERSION.test(text) || helpers.some((h) => text.includes(`"${h}"`));
  };
  const kv = parseKubeVersion(kubeVersion ?? HELM_PROFILES[helm ?? DEFAULT_HELM_MAJOR].kubeVersion);
  const short = `${kv.Major}.${kv.Minor}`;
  const forms = [kv.Version, kv.Version.replace(/^v/, ''), `v${short}`, short];
  const refs = new Set(
    sites.flatMap((s) => {
      const tag = toImageRef(s.ref)?.tag;
      return tag !== undefined && forms.some((f) => tag === f || tag.startsWith(`${f}-`)) && reads(s.source.template) ? [s.ref] : [];
    }),
  );
  return [...refs].map((ref) => ({
    message: `${chart}: ${ref}: its tag follows the cluster's Kubernetes version (.Capabilities.KubeVersion), here the render's ${kv.Version}; the cluster pulls the tag of its own version`,
    next: "pass --kube-version with the cluster's version (images, values, bundle), or set the image's tag in values",
  }));
}
