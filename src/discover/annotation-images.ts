// Images a chart declares in Chart.yaml annotations: Artifact Hub's `artifacthub.io/images` and
// Bitnami's `images`, both a YAML list of {name, image}. Declared is not needed: the caller
// treats an annotated image that no render produced as optional.

import { parse as parseYaml } from 'yaml';
import type { ImageSite } from './image-site.js';
import { toImageRef } from './image-ref.js';

export interface ChartAnnotations {
  /** Chart path as in RenderedDoc.chart ("parent" or "parent/charts/sub"). */
  chart: string;
  annotations?: Readonly<Record<string, string>>;
}

export const IMAGE_ANNOTATIONS: readonly string[] = ['artifacthub.io/images', 'images'];

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
