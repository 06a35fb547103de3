// A registry value the chart writes, whole, into a registry setting of a program as well as in
// front of its images (Airbyte's `global.image.registry`, also the workload launcher's
// JOB_KUBE_CONNECTOR_IMAGE_REGISTRY): the program joins that registry to names the chart does not
// list (the connectors a user picks, REGISTRY/airbyte/source-x), so the writer must give the value
// the target's whole prefix for the source registry, not only its host (overrides/values-writer.ts).
// Read in the render where each empty registry value holds a stand-in host, and in the marker render
// for a value that holds a host already (agentgateway's `image.registry`, also AGW_PROXY_IMAGE_REGISTRY):
// a field named for a registry (a ConfigMap key, an env var) that holds that stand-in, or that
// value with its marker, alone is such a setting. overrides/setting-registry.ts routes what is
// found here, and what the re-render's check finds read alone under no such name. Pure.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';
import type { ImageSite, ValuesPart } from '../image-site.js';
import type { ImageValueLeaf } from './image-values.js';
import { STAND_IN_MARK, markedText, markersIn } from './value-markers.js';

/** A key that names a registry alone: JOB_KUBE_CONNECTOR_IMAGE_REGISTRY, imageRegistry, registry. */
const REGISTRY_KEY = /registry$/i;

/** The registry value a string of the probe render stands for: the probe's stand-in host (by its number), alone. */
export const probedRegistry =
  (probes: readonly ImageValueLeaf[], probeOf: (host: string) => number | undefined) =>
  (v: string): ImageValueLeaf | undefined => {
    const n = probeOf(v);
    return n === undefined ? undefined : probes[n];
  };

/** The registry value a string of the marker render stands for: that value and its one marker, nothing else. */
export const markedRegistry =
  (leaves: ReadonlyMap<number, ImageValueLeaf>) =>
  (v: string): ImageValueLeaf | undefined => {
    const ns = markersIn(v);
    const leaf = ns.length === 1 ? leaves.get(ns[0]!) : undefined;
    return leaf?.part === 'registry' && leaf.value !== '' && v === markedText(leaf, ns[0]!) ? leaf : undefined;
  };

/** The registry settings each registry value (by its values path) is written into whole, by setting name; `leafOf` reads a render's string as a value. */
export function registrySettings(docs: readonly RenderedDoc[], leafOf: (v: string) => ImageValueLeaf | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const take = (key: string, v: unknown) => {
    if (typeof v !== 'string' || !REGISTRY_KEY.test(key)) return;
    const leaf = leafOf(v.trim().replace(/\/+$/, ''));
    if (leaf && !out.has(leaf.path)) out.set(leaf.path, key);
  };
  const visit = (v: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isRecord(v)) {
      // an env var: its name says what its value is
      if (typeof v.name === 'string' && 'value' in v) take(v.name, v.value);
      for (const [k, x] of Object.entries(v)) {
        take(k, x);
        visit(x, depth + 1);
      }
    }
  };
  for (const d of docs) {
    if (!d.text.includes(STAND_IN_MARK)) continue;
    const o = sharedDocumentObject(d);
    // a CRD's schema names registry fields, it sets none (argo-workflows' CRDs are most of each
    // render, walked once per registry probe); a document with no marker and no stand-in holds no
    // value that `leafOf` reads
    if (!isRecord(o) || o.kind !== 'CustomResourceDefinition') visit(o, 0);
  }
  return out;
}

/** The sites with each registry part that is also written into a registry setting (`settings`, by values path) marked with it. */
export function withRegistrySettings(sites: readonly ImageSite[], settings: ReadonlyMap<string, string>): ImageSite[] {
  if (settings.size === 0) return [...sites];
  return sites.map((s) => {
    const parts = s.valuesParts ?? [];
    if (!parts.some((p) => p.part === 'registry' && settings.has(p.path))) return s;
    const marked = parts.map((p): ValuesPart => (p.part === 'registry' && settings.has(p.path) ? { ...p, setting: settings.get(p.path)! } : p));
    return { ...s, valuesParts: marked };
  });
}
