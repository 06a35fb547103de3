// A CRD's schema default for an image, in a render that also runs the program serving that CRD (a
// Deployment, StatefulSet or DaemonSet whose ServiceAccount a role of the render lets read the
// CRD's API group): every resource the user applies later without the field runs that image, as
// it runs an operator's compiled-in default. For an operator nobody here has read, its CRDs'
// defaults are the only names of what it starts that the render holds, so they are listed as
// run-time images, not as optional ones behind "a resource that leaves the field unset". A chart
// of CRDs alone (nothing in it serves them) and an operator the defaults table has read (its entry
// says what it pulls, and when) keep them optional.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { isRecord } from '../../util/is-record.js';
import { isSchemaDefault } from './crd-defaults.js';
import type { ImageSite } from '../image-site.js';
import { grantedWorkloads } from './pod-creators.js';
import { parsePath } from '../field-path.js';
import { getIn } from '../values/value-markers.js';
import { isImageKey } from './site-rules.js';
import { offFlag } from '../toggles/off-flag.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** Verbs a controller needs to see the resources it serves. */
const READS = new Set(['get', 'list', 'watch', '*']);

/**
 * Whether the program runs the default at `fieldPath` (a schema path of `crd`) for every resource:
 * the API server writes it in each one when each object property between `spec` and the property
 * holding the default has a default of its own, which it writes first (right under `spec`: none
 * to have). Such an object default must stand for one component that runs: a single image with
 * its settings (Hazelcast's spec.agent `{repository, version}`, Vineyard's spec.vineyard `{image,
 * ...}`), not a feature its default leaves off (`{enable: false, image}`: Vineyard's spec.metric)
 * nor a bag of images for other runs (Vineyard's spec.pluginImage, images of jobs that other
 * resources start). A default under an object with none applies only where the resource holds
 * that object (a feature's section, Couchbase's logging sidecar, left out unless the feature is
 * on), and one in a list's entries never on its own (the user's own containers, whose example
 * image a CRD may default: Flux Framework's MiniCluster).
 */
export function defaultedInEvery(crd: unknown, fieldPath: string): boolean {
  const path = parsePath(fieldPath);
  const schema = path.indexOf('openAPIV3Schema');
  const holder = path.lastIndexOf('default');
  if (!isRecord(crd) || schema < 0 || holder < 0 || path[schema + 1] !== 'properties' || path[schema + 2] !== 'spec') return false;
  for (let i = schema + 3; i < holder; i += 2) {
    if (path[i] !== 'properties') return false;
    const own = getIn(crd, path.slice(0, i + 2).concat('default'));
    // a property between spec and the holder: the API server fills it only from a default of its own
    if (i + 2 < holder && own === undefined) return false;
    if (isRecord(own) && !oneComponent(own)) return false;
  }
  return true;
}

/** An object default of one running component: no off flag, at most one image (an image key, or a repository). */
function oneComponent(o: Record<string, unknown>): boolean {
  return offFlag(o) === undefined && Object.keys(o).filter((k) => isImageKey(k) || /^(repository|repo)$/i.test(k)).length <= 1;
}

/** The API groups the rules let read (`*` for every group). */
export function groupsRead(rules: unknown): string[] {
  const out = new Set<string>();
  for (const r of Array.isArray(rules) ? rules : [])
    if (isRecord(r) && strings(r.verbs).some((v) => READS.has(v))) for (const g of strings(r.apiGroups)) out.add(g);
  return [...out];
}

/** The API group of a CRD, from its name (`PLURAL.GROUP`, which the API server requires). */
const groupOf = (crdName: string): string => crdName.slice(crdName.indexOf('.') + 1);

/**
 * The sites with the CRD defaults a workload of the render serves taken as run-time images (their
 * switch dropped, `served` naming the program); `tableReads`: whether the defaults table has read
 * an operator of the group; `crds`: the chart's crds/ folder, whose schemas say which defaults apply.
 */
export function servedCrdDefaults(
  docs: readonly RenderedDoc[],
  sites: ImageSite[],
  tableReads: (group: string) => boolean,
  crds: readonly RenderedDoc[] = [],
): ImageSite[] {
  const crdOf = (s: ImageSite): unknown =>
    [...docs, ...crds].find(
      (d) =>
        d.template === s.source.template &&
        isRecord(d.object) &&
        d.object.kind === 'CustomResourceDefinition' &&
        isRecord(d.object.metadata) &&
        d.object.metadata.name === s.source.name,
    )?.object;
  const defaults = sites.filter(
    (s) => isSchemaDefault(s) && s.certainty === 'certain' && !tableReads(groupOf(s.source.name)) && defaultedInEvery(crdOf(s), s.source.fieldPath),
  );
  if (defaults.length === 0) return sites;
  const readers = grantedWorkloads(docs, groupsRead, ['*']);
  if (readers.length === 0) return sites;
  return sites.map((s) => {
    if (!defaults.includes(s)) return s;
    const group = groupOf(s.source.name);
    const by = readers.find((w) => w.creates.includes(group) || w.creates.includes('*'));
    if (!by) return s;
    const { switchedOff, toggle, ...rest } = s;
    return { ...rest, served: { by: `${by.kind}/${by.name}`, field: switchedOff!, setting: toggle } };
  });
}

/** A template path in a chart's crds/ folder, which Helm renders with no values and hands no post-renderer. */
export const isCrdsFile = (template: string): boolean => /(^|\/)crds\//.test(template);

/** A site of a CRD in a chart's crds/ folder. */
export const inCrdsFolder = (s: ImageSite): boolean => s.source.kind === 'CustomResourceDefinition' && isCrdsFile(s.source.template);
