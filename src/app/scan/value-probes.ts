// The probe renders discovery runs to learn which values move an image: every image leaf marked
// in one render, unset values given stand-in names, and the empty registries and repositories
// of optional images probed with every found toggle on. Each is one extra render, only where a
// chart has what it probes.
import type { Values } from '../../helm/engine/render-types.js';
import { withToggle } from '../../overrides/values-optional.js';
import { discoverImages } from '../../discover/discover-images.js';
import type { ImageSite } from '../../discover/image-site.js';
import {
  atHostPosition,
  attachProbedRegistries,
  attachProbedRepositories,
  markValues,
  probeHost,
  probeOf,
  repositoryProbe,
  repositoryProbeIn,
  setIn,
  stripMarkers,
  type ImageValueLeaf,
  type MarkedValues,
} from '../../discover/values/index.js';
import { parsePath, type PathSegment } from '../../discover/field-path.js';
import { namePaths } from '../../overrides/target-paths.js';
import { mapImage } from '../../overrides/image-mapping.js';
import { parseReference } from '../../oci/reference.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import type { Renders } from './render.js';

/**
 * A site no value names (`open`: a field left to its CRD's default that a template writes only once
 * a value is set, or a name a helper composes): each unset image-named value set to a stand-in name,
 * the one whose stand-in the field then holds is how the chart moves that image (values' route).
 * One render, only for a chart with such a site and such a value.
 */
export async function probeUnsetValues(
  renders: Renders,
  user: Values,
  sites: ImageSite[],
  open: (s: ImageSite) => boolean,
  /** The values to probe, given the open sites' fields (their paths in their resources). */
  unset: (fields: PathSegment[][]) => ImageValueLeaf[],
  name: string,
  ctx: Ctx,
): Promise<ImageSite[]> {
  if (!sites.some(open)) return sites;
  const slots = unset(sites.filter(open).map((s) => parsePath(s.source.fieldPath)));
  if (slots.length === 0) return sites;
  const values = structuredClone(user);
  slots.forEach((p, n) => setIn(values, p.segments, repositoryProbe(n)));
  try {
    const probed = discoverImages(await renders.docs(values), { parsedFromText: true });
    return attachProbedRepositories(sites, probed, slots, repositoryProbeIn, (s) => !open(s));
  } catch (e) {
    logTo(ctx, 'debug', `${name}: the probe of values a CRD's default leaves unset failed (${(e as Error).message})`);
    return sites;
  }
}

/**
 * The values found for a site can move its whole name (what `values` needs of them). Asked only
 * of values the marker render tied to the site: a match by value alone is a guess a probe overrules.
 */
export function valuesNameIt(s: ImageSite): boolean {
  try {
    return namePaths(s.valuesParts ?? [], parseReference(mapImage(s.ref, { registry: 'target.invalid', prefix: 'p' })), s.raw).length > 0;
  } catch {
    return false;
  }
}

export interface MarkerRender {
  marked: MarkedValues;
  markedSites: ImageSite[];
  markersWork: boolean;
  /** Leaves left unmarked (matched by value instead). */
  unmarked: ImageValueLeaf[];
}

/**
 * Renders with every image leaf marked, and the host-shaped values of other keys (`hosts`) beside
 * them, of which only those the render shows at the host position of their images stay leaves.
 * A chart that refuses the hosts' markers is tried without them; one that refuses markers on tags
 * (a values schema pinning the tag grammar, a semver check) with registry/repository marked only.
 */
export async function markerRender(
  renders: Renders,
  leaves: ImageValueLeaf[],
  hosts: ImageValueLeaf[],
  full: Values,
  user: Values,
  name: string,
  ctx: Ctx,
): Promise<MarkerRender> {
  const tries = [
    ...(hosts.length > 0 ? [[...leaves, ...hosts]] : []),
    leaves,
    leaves.filter((l) => l.part === 'registry' || l.part === 'repository' || l.part === 'image'),
  ];
  for (const marking of tries) {
    const marked = markValues(marking, full, user);
    try {
      const markedSites = discoverImages(await renders.docs(marked.overlay), { clean: stripMarkers, parsedFromText: true });
      return { marked: keptHosts(marked, markedSites, leaves.length), markedSites, markersWork: true, unmarked: leaves.filter((l) => !marking.includes(l)) };
    } catch (e) {
      logTo(ctx, 'debug', `${name}: a marker render failed (${(e as Error).message})`);
    }
  }
  return { marked: markValues(leaves, full, user), markedSites: [], markersWork: false, unmarked: [] };
}

/** The marked leaves without the host candidates (numbered from `first` on) that stood anywhere but at the host position. */
function keptHosts(marked: MarkedValues, markedSites: readonly ImageSite[], first: number): MarkedValues {
  const candidates = new Set([...marked.leaves.keys()].filter((n) => n >= first));
  if (candidates.size === 0) return marked;
  const kept = atHostPosition(markedSites, marked.leaves, candidates);
  return { ...marked, leaves: new Map([...marked.leaves].filter(([n]) => !candidates.has(n) || kept.has(n))) };
}

/**
 * The empty global registries reach optional images too (a sidecar's `global.imageRegistry |
 * default "docker.io"`): one probe render with every found toggle on (checks passed) names them,
 * or `values` would write the whole target into the repository and the global would double it.
 * Empty repositories a helper fills the same render probes: one value can be the `default` of
 * another image under a switch (windmill's `windmill.image`, the enterprise image when
 * `enterprise.enabled`), and a block only a switch renders (its `hub.image`) is read nowhere else.
 */
export async function probeToggled(
  renders: Renders,
  user: Values,
  found: ImageSite[],
  probes: { registries: ImageValueLeaf[]; repositories: ImageValueLeaf[] },
  name: string,
  ctx: Ctx,
): Promise<ImageSite[]> {
  const toggles = [...new Set(found.flatMap((s) => (s.toggle ? [s.toggle] : [])))];
  const { registries, repositories } = probes;
  if (registries.length + repositories.length === 0 || toggles.length === 0) return found;
  // matched at the same field first; else by object: with every toggle on, other toggles'
  // containers may come first. Not by object alone: two containers of one object running the
  // same image from two values blocks (spire's spike-pilot busybox, tools.busybox and shell)
  // would both take the probe of whichever the object lists last
  const byObject = (x: ImageSite): ImageSite => ({ ...x, source: { ...x.source, fieldPath: '' } });
  const probe = async (on: readonly string[]) => {
    const values = on.reduce(withToggle, user);
    registries.forEach((p, n) => setIn(values, p.segments, probeHost(n)));
    repositories.forEach((p, n) => setIn(values, p.segments, repositoryProbe(n)));
    const exact = discoverImages(await renders.docs(values, true), { parsedFromText: true });
    const probed = exact.map(byObject);
    const attach = (s: ImageSite, list: readonly ImageSite[]): ImageSite => {
      const [withRegistry] = attachProbedRegistries([s], list, registries, probeOf);
      return attachProbedRepositories([withRegistry!], list, repositories, repositoryProbeIn, valuesNameIt)[0]!;
    };
    // by template, kind and name: a document's position moves as toggles add documents
    const object = (x: ImageSite) => `${x.source.template}\0${x.source.kind}\0${x.source.name}`;
    const objects = new Set(exact.map(object));
    return {
      rendered: (s: ImageSite) => objects.has(object(s)),
      named: (s: ImageSite): ImageSite => {
        const own = attach(s, exact);
        return own.valuesPaths.length > s.valuesPaths.length ? own : { ...attach(byObject(s), probed), source: s.source };
      },
    };
  };
  try {
    const all = await probe(toggles);
    const out = found.map((s) => (s.toggle ? all.named(s) : s));
    // a mode word among the toggles (memcached's architecture=high-availability) may switch
    // another toggle's object away: those are probed once more with their own toggles alone
    const missed = found.filter((s) => s.toggle && !all.rendered(s));
    if (missed.length === 0) return out;
    const again = await probe([...new Set(missed.map((s) => s.toggle!))]).catch(() => undefined);
    return again ? out.map((s, i) => (missed.includes(found[i]!) ? again.named(found[i]!) : s)) : out;
  } catch (e) {
    logTo(ctx, 'debug', `${name}: the probe of optional images' empty values failed (${(e as Error).message})`);
    return found;
  }
}
