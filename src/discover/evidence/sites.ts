// Confirmed evidence as discovery's sites: each compiled-in image a `builtin` site of the
// controller that holds it, its provenance the program it was read from (`IMAGE:/path`) and how;
// and where a catalog entry read the same controller, what the two say differently.
import type { ImageSite } from '../image-site.js';
import { toImageRef } from '../image-ref.js';
import type { ControllerScan } from './scan-types.js';
import type { WorkloadMaker } from './workload-makers.js';

const POD_TEMPLATE = 'spec.template.spec.containers';

const repositoryOf = (ref: string): string => {
  const r = toImageRef(ref);
  return r ? `${r.domain}/${r.path}` : ref;
};
/** The slot a reference fills: its repository's last path component (`pgbouncer` of ghcr.io/cloudnative-pg/pgbouncer:1.23.0). */
const slotOf = (ref: string): string => {
  const repo = repositoryOf(ref);
  return repo.slice(repo.lastIndexOf('/') + 1);
};

/** The catalog's own builtin sites (no evidence) of the operator a maker runs. */
const catalogSites = (m: WorkloadMaker, sites: readonly ImageSite[]): ImageSite[] =>
  m.operator === undefined ? [] : sites.filter((s) => s.site === 'builtin' && !s.builtin?.evidence && s.builtin?.operator === m.operator);

/**
 * `sites`: the chart's sites so far. Evidence from a program alone is needed; where a catalog
 * entry read the controller and lists an image of the same repository, its need (and what pulls
 * an optional one) is taken from there.
 */
export function evidenceSites(makers: readonly WorkloadMaker[], scans: ReadonlyMap<string, ControllerScan>, sites: readonly ImageSite[] = []): ImageSite[] {
  const out: ImageSite[] = [];
  for (const m of makers) {
    const catalog = catalogSites(m, sites);
    m.images.forEach((image, i) => {
      for (const f of scans.get(image)?.found ?? []) {
        const said = catalog.find((s) => repositoryOf(s.ref) === repositoryOf(f.ref)) ?? catalog.find((s) => slotOf(s.ref) === slotOf(f.ref));
        const optional = said?.switchedOff !== undefined ? { switchedOff: said.switchedOff, ...(said.toggle ? { toggle: said.toggle } : {}) } : {};
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
            ...(said?.builtin?.need === 'optional' ? { need: 'optional', pulledWith: said.builtin.pulledWith } : { need: 'needed' }),
          },
          ...optional,
        });
      }
    });
  }
  return out;
}

/** The images to read: each workload maker's containers, once; a maker the catalog read only with `catalogued` (to check the catalog against). */
export function imagesToScan(makers: readonly WorkloadMaker[], catalogued = false): string[] {
  return [...new Set(makers.filter((m) => catalogued || !m.read).flatMap((m) => m.images))];
}

/**
 * A controller the catalog read whose program says otherwise: images it holds the catalog does not
 * list, images of one slot (a repository's last component) at another tag or repository, and
 * images the catalog lists as compiled in that the program read does not hold. Neither side is
 * preferred: both sides' images stay listed, the difference is reported.
 */
export interface CatalogDifference {
  controller: string;
  /** The catalog entry that read it. */
  operator: string;
  /** The controller's images whose programs were read. */
  image: string;
  /** Where they were read (`IMAGE:/path`). */
  programs: string[];
  /** Confirmed in its program, in no slot of the catalog's. */
  notInCatalog: string[];
  /** One slot, two references: the catalog's and the program's, and which part differs. */
  otherwise: { catalog: string; evidence: string; differs: 'tag' | 'repository' }[];
  /** Listed by the catalog as compiled into the controller, in no slot of what its program holds. */
  notInProgram: string[];
  /** What the catalog lists for it. */
  catalog: string[];
}

/** Evidence against the catalog, for the makers the catalog read and whose programs were read. */
export function catalogDifferences(
  makers: readonly WorkloadMaker[],
  scans: ReadonlyMap<string, ControllerScan>,
  sites: readonly ImageSite[],
): CatalogDifference[] {
  const out: CatalogDifference[] = [];
  for (const m of makers) {
    if (!m.read || m.operator === undefined) continue;
    // a controller is one of its containers (a proxy sidecar beside it holds none of the operator's images)
    const read = m.images.map((i) => scans.get(i)).filter((s): s is ControllerScan => s !== undefined && !s.unread);
    if (read.length === 0) continue;
    const own = catalogSites(m, sites);
    const catalog = [...new Set(own.map((s) => s.ref))];
    const evidence = [...new Set(read.flatMap((s) => s.found.map((f) => f.ref)))];
    const paired = new Set<string>();
    const otherwise: CatalogDifference['otherwise'] = [];
    const notInCatalog: string[] = [];
    for (const e of evidence.filter((x) => !catalog.includes(x))) {
      const c = catalog.find((x) => !evidence.includes(x) && slotOf(x) === slotOf(e));
      if (c === undefined) notInCatalog.push(e);
      else {
        paired.add(c);
        otherwise.push({ catalog: c, evidence: e, differs: repositoryOf(c) === repositoryOf(e) ? 'tag' : 'repository' });
      }
    }
    // only what the catalog composes into the controller's own container: a resource's fields or a
    // config file's complete the others at run time, which no program holds whole
    const atController = (s: ImageSite) => s.source.template === m.template && s.source.kind === m.kind && s.source.name === m.name;
    const notInProgram = [...new Set(own.filter(atController).map((s) => s.ref))].filter(
      (c) => !evidence.includes(c) && !paired.has(c) && !evidence.some((e) => slotOf(e) === slotOf(c)),
    );
    if (notInCatalog.length || otherwise.length || notInProgram.length)
      out.push({
        controller: `${m.kind}/${m.name}`,
        operator: m.operator,
        image: read.map((s) => s.image).join(', '),
        programs: read.map((s) => `${s.image}:${s.entrypoint ?? '?'}`),
        notInCatalog,
        otherwise,
        notInProgram,
        catalog,
      });
  }
  return out;
}
