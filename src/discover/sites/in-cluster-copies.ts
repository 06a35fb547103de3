// A chart's own in-cluster registry: a mode in which every image is pulled from a registry only the
// cluster (or the node itself) reaches, under the image's whole reference (OpenStack-Helm's
// `images.local_registry.active`: `localhost:5000/quay.io/airshipit/keystone:T`), which the chart's
// own Job fills by pulling each listed image and pushing it there. Such a reference is a copy of an
// image the chart lists, not an image to mirror: the source is what the air gap must carry, and once
// `values` (or `postrender`) moves the source, the chart's Job copies the moved one, so the copy's
// place follows its source's (HOST/SOURCE becomes HOST/TARGET-OF-SOURCE).

import { toImageRef } from '../image-ref.js';
import { siteKey, type ImageSite } from '../image-site.js';
import type { CandidateAudit } from '../verdicts/audit.js';

/**
 * Hosts no air gap mirrors: loopback (the node's own registry), a Service's cluster DNS name
 * (NAME.NAMESPACE.svc[.DOMAIN], NAME.cluster.local) and a single-label name with a port (a registry
 * Service named by the cluster's search domains).
 */
const IN_CLUSTER_HOST =
  /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:svc(?:\.[a-z0-9.-]+)?|cluster\.local)|[a-z0-9-]+(?=:))(?::\d+)?$/;

export interface InClusterCopy {
  /** The in-cluster registry, host[:port]. */
  host: string;
  /** The reference after it, as spelled: the listed image the copy is made of. */
  of: string;
}

/**
 * The copy a reference is, when its host is in-cluster and the rest is itself a whole reference
 * naming its own registry, tagged or digested (`localhost:5000/docker.io/x/y:1`); else undefined.
 * Whether the rest is an image of the chart is the caller's to say (`copiesOf`).
 */
export function inClusterCopy(raw: string): InClusterCopy | undefined {
  const slash = raw.indexOf('/');
  // the cheap test first: most references name a public host
  if (slash < 0 || !IN_CLUSTER_HOST.test(raw.slice(0, slash))) return undefined;
  const of = raw.slice(slash + 1);
  const ref = toImageRef(of);
  if (!ref?.explicitDomain || !(ref.tag || ref.digest)) return undefined;
  return { host: raw.slice(0, slash), of };
}

/** The normalised references of `sites` that are no copies themselves: what a copy must be made of. */
export function sourcesAmong(sites: readonly ImageSite[]): Set<string> {
  return new Set(sites.filter((s) => inClusterCopy(s.ref) === undefined).map((s) => s.ref));
}

/** A copy whose source is among `listed` (normalised references), else undefined. */
export function copyOfListed(ref: string, listed: ReadonlySet<string>): InClusterCopy | undefined {
  const copy = inClusterCopy(ref);
  const source = copy && toImageRef(copy.of)?.normalized;
  return source !== undefined && listed.has(source) ? { host: copy!.host, of: source } : undefined;
}

/**
 * `sites` apart: the copies of images `listed` names (each with its source), and the rest. The
 * copies are no images to carry: their sources are listed, and the chart's Job makes them.
 */
export function splitCopies(sites: readonly ImageSite[], listed: ReadonlySet<string>): { kept: ImageSite[]; copies: { site: ImageSite; of: string }[] } {
  const kept: ImageSite[] = [];
  const copies: { site: ImageSite; of: string }[] = [];
  for (const site of sites) {
    const copy = copyOfListed(site.ref, listed);
    if (copy) copies.push({ site, of: copy.of });
    else kept.push(site);
  }
  return { kept, copies };
}

/** What `--explain` says of a copy. */
export const copyReason = (of: string): string =>
  `a copy of ${of} in the chart's own in-cluster registry, made by the chart's Job from where ${of} is: mirror ${of}; the copy follows it`;

/**
 * The audit's decisions that listed a copy now say what it is (rejected: `in-cluster-copy`), so
 * `--explain` gives the copy its verdict instead of dropping it silently.
 */
export function auditCopies(audit: CandidateAudit | undefined, copies: readonly { site: ImageSite; of: string }[]): void {
  if (!audit || copies.length === 0) return;
  const of = new Map(copies.map((c) => [`${siteKey(c.site.source)}\0${c.site.ref}`, c.of]));
  for (const d of audit.decisions) {
    const source = d.listed === undefined ? undefined : of.get(`${siteKey(d.source)}\0${d.listed}`);
    if (source === undefined) continue;
    d.listed = undefined;
    d.rejected = { id: 'in-cluster-copy', reason: copyReason(source) };
  }
}
