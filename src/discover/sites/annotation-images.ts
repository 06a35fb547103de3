// Images a chart declares in Chart.yaml annotations: Artifact Hub's `artifacthub.io/images` and
// Bitnami's `images`, both a YAML list of {name, image}. Declared is not needed: the caller
// treats an annotated image that no render produced as optional.

import { parse as parseYaml } from 'yaml';
import type { ImageSite } from '../image-site.js';
import { toImageRef } from '../image-ref.js';
import { parsePath } from '../field-path.js';
import { getIn } from '../values/value-markers.js';

export interface ChartAnnotations {
  /** Chart path as in RenderedDoc.chart ("parent" or "parent/charts/sub"). */
  chart: string;
  annotations?: Readonly<Record<string, string>>;
  /** The chart's own values.yaml (before any parent's values). */
  values?: Readonly<Record<string, unknown>>;
}

/** Helm's `helm.sh/images` (HIP-0015, read by Zarf and Hauler), Artifact Hub's and Bitnami's: each a YAML list of {name, image}. */
export const IMAGE_ANNOTATIONS: readonly string[] = ['helm.sh/images', 'artifacthub.io/images', 'images'];

export function annotationSites(c: ChartAnnotations): ImageSite[] {
  const out: ImageSite[] = [];
  for (const key of IMAGE_ANNOTATIONS) {
    const text = c.annotations?.[key];
    if (typeof text !== 'string') continue;
    listImages(text).forEach((raw, i) => {
      const ref = toImageRef(raw);
      out.push({
        ref: ref ? ref.normalized : raw,
        raw,
        certainty: ref ? 'certain' : 'doubtful',
        site: 'annotation',
        source: {
          chart: c.chart,
          template: `${c.chart}/Chart.yaml`,
          kind: 'Chart',
          name: c.chart.split('/').pop() ?? c.chart,
          fieldPath: `annotations[${JSON.stringify(key)}][${i}].image`,
        },
        valuesPaths: [],
      });
    });
  }
  return out;
}

/**
 * The repositories (`chart\0domain/path`) a chart's own values.yaml gives the values blocks its
 * rendered sites read. A chart's `images` annotation lists those defaults; when the parent sets
 * the block to another image (zulip's `zulip/zulip-postgresql` for Bitnami's `bitnami/postgresql`),
 * the annotated default is what that site would run without the parent, not an image of its own.
 */
export function rendersOwnDefaults(charts: readonly ChartAnnotations[], rendered: readonly ImageSite[]): Set<string> {
  const own = new Map(charts.map((c) => [c.chart, c.values]));
  const out = new Set<string>();
  for (const s of rendered) {
    const values = own.get(s.source.chart);
    if (!values || s.site === 'annotation') continue;
    // a subchart's values sit one key deeper per level (its name or alias) in the parent's
    const depth = s.source.chart.split('/charts/').length - 1;
    for (const p of s.valuesParts ?? []) {
      if (p.part !== 'repository' && p.part !== 'image') continue;
      const v = getIn(values, parsePath(p.path).slice(depth));
      const r = typeof v === 'string' ? toImageRef(v) : undefined;
      if (r) out.add(`${s.source.chart}\0${r.path}`);
    }
  }
  return out;
}

function listImages(text: string): string[] {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  return v.flatMap((e) => {
    if (typeof e === 'string') return [e.trim()];
    const img = e !== null && typeof e === 'object' ? (e as Record<string, unknown>).image : undefined;
    return typeof img === 'string' && img.trim() !== '' ? [img.trim()] : [];
  });
}
