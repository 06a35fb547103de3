// Confirmed evidence as discovery's sites: each compiled-in image a `builtin` site of the
// controller that holds it, its provenance the program it was read from (`IMAGE:/path`) and how.
import type { ImageSite } from '../image-site.js';
import type { ControllerScan } from './index.js';
import type { WorkloadMaker } from './workload-makers.js';

const POD_TEMPLATE = 'spec.template.spec.containers';

export function evidenceSites(makers: readonly WorkloadMaker[], scans: ReadonlyMap<string, ControllerScan>): ImageSite[] {
  const out: ImageSite[] = [];
  for (const m of makers)
    m.images.forEach((image, i) => {
      for (const f of scans.get(image)?.found ?? [])
        out.push({
          ref: f.ref,
          raw: f.ref,
          certainty: 'certain',
          site: 'builtin',
          source: { chart: m.chart, template: m.template, kind: m.kind, name: m.name, fieldPath: `${POD_TEMPLATE}[${i}].image` },
          valuesPaths: [],
          builtin: {
            operator: image,
            read: f.foundIn,
            at: f.foundIn,
            evidence: { how: f.how, detail: f.detail, digest: f.digest },
          },
        });
    });
  return out;
}

/** The images to read: each unread workload maker's containers, once. */
export function imagesToScan(makers: readonly WorkloadMaker[]): string[] {
  return [...new Set(makers.filter((m) => !m.read).flatMap((m) => m.images))];
}
