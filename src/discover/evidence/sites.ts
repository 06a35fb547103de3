// Confirmed evidence as discovery's sites: each compiled-in image a `builtin` site of the
// controller that holds it, its provenance the program it was read from (`IMAGE:/path`) and how.
import type { ImageSite } from '../image-site.js';
import type { ControllerScan } from './scan-types.js';
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
            read: image,
            at: f.foundIn.slice(image.length + 1),
            evidence: { foundIn: f.foundIn, how: f.how, detail: f.detail, digest: f.digest },
          },
        });
    });
  return out;
}

/** The images to read: each workload maker's containers, once; a maker the catalog read only with `catalogued` (to check the catalog against). */
export function imagesToScan(makers: readonly WorkloadMaker[], catalogued = false): string[] {
  return [...new Set(makers.filter((m) => catalogued || !m.read).flatMap((m) => m.images))];
}

/** A controller the catalog read whose program holds confirmed images the catalog does not list for it. */
export interface CatalogDifference {
  controller: string;
  image: string;
  /** Confirmed in its program, listed by no catalog default of it. */
  notInCatalog: string[];
  /** What the catalog lists for it. */
  catalog: string[];
}

/** Evidence against the catalog, for the makers the catalog read: what the program holds that the catalog does not say. */
export function catalogDifferences(
  makers: readonly WorkloadMaker[],
  scans: ReadonlyMap<string, ControllerScan>,
  sites: readonly ImageSite[],
): CatalogDifference[] {
  const out: CatalogDifference[] = [];
  for (const m of makers) {
    if (!m.read) continue;
    const catalog = [
      ...new Set(
        sites
          .filter(
            (s) => s.site === 'builtin' && !s.builtin?.evidence && s.source.template === m.template && s.source.kind === m.kind && s.source.name === m.name,
          )
          .map((s) => s.ref),
      ),
    ];
    for (const image of m.images) {
      const notInCatalog = (scans.get(image)?.found ?? []).map((f) => f.ref).filter((r) => !catalog.includes(r));
      if (notInCatalog.length) out.push({ controller: `${m.kind}/${m.name}`, image, notInCatalog, catalog });
    }
  }
  return out;
}
