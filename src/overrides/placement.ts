// Where an override sends images, as the writer and the proof both need it (pure). Two kinds:
// a target registry (every image moves under TARGET[/PREFIX], named as `push` names it), and an
// image map (only the images the map names move, to where a transfer put them or where `mirrors`
// proved them identical; every other image must stay exactly as it was, so a shared registry
// value cannot switch an unmapped image by accident).
import { checkMapAgainstLock, type ImageMap } from '../bundle/image-map.js';
import { formatReference, parseReference } from '../oci/reference.js';
import { mapImage, type MappingNaming, type MappingTarget } from './image-mapping.js';
import { copyOfListed } from '../discover/sites/index.js';

export interface Placement {
  /** Shown in reports and file headers: "TARGET[/PREFIX]" or "mirror-map FILE". */
  describe: string;
  /** True when the override should move this image. */
  moves(ref: string): boolean;
  /** Where the image must point after the override (itself when it does not move). */
  mapRef(ref: string): string;
  /** True when a reference seen after the override is acceptable where it stands. */
  placed(ref: string): boolean;
  /**
   * The manifest digest the destination serves for this image, when something recorded it (the
   * chart's own pin, the bundle's lock, the map); undefined when only the registry could say.
   */
  digest(ref: string): string | undefined;
  /** The map entry or naming rule that moves this image (for the accounting of what moved). */
  by(ref: string): string;
  /** True for a reference already where this placement sends images (a map's destination, the target). */
  arrived(ref: string): boolean;
}

/** `locked`: source reference → digest, from a bundle's lock (push sends each image unchanged). */
export function targetPlacement(target: MappingTarget, naming: MappingNaming, describe: string, locked?: ReadonlyMap<string, string>): Placement {
  return {
    describe,
    moves: () => true,
    mapRef: (ref) => mapImage(ref, target, naming),
    placed: (ref) => isUnderTarget(ref, target),
    digest: (ref) => ownDigest(ref) ?? locked?.get(ref),
    by: () => `naming ${naming} under ${describe}`,
    arrived: (ref) => isUnderTarget(ref, target),
  };
}

/**
 * Images the map names move to their destination; the rest stay. `locked`: as for targetPlacement,
 * where the map has no digest; a map digest the lock contradicts is an error.
 */
export function mapPlacement(map: ImageMap, describe: string, locked?: ReadonlyMap<string, string>): Placement {
  if (locked) checkMapAgainstLock(map, locked);
  const destinations = new Set(map.entries.map((e) => nameOf(e.destination)));
  return {
    describe,
    moves: (ref) => map.lookup(ref) !== undefined,
    mapRef: (ref) => map.mapRef(ref) ?? ref,
    // a mapped source still rendered is the only wrong place; anything else is checked by mapRef
    placed: (ref) => map.lookup(ref) === undefined,
    digest: (ref) => map.lookup(ref)?.digest ?? ownDigest(ref) ?? locked?.get(ref),
    by: (ref) => `${describe} entry ${map.lookup(ref)?.source ?? ref}`,
    arrived: (ref) => destinations.has(nameOf(ref)),
  };
}

/**
 * `to` leaving a reference already where it sends images as it is (a second run over objects an
 * earlier run rewrote): not moved again, under the target twice, but accounted as at the target.
 */
export function leavingArrived(to: Placement): Placement {
  return { ...to, moves: (ref) => to.moves(ref) && !to.arrived(ref), mapRef: (ref) => (to.arrived(ref) ? ref : to.mapRef(ref)) };
}

/**
 * `to` with each moved image's digest added to where it points (`values --pin-digests`), for the
 * images whose digest is known: from the placement, else from `resolved` (the registry's answer).
 */
export function withPins(to: Placement, resolved: ReadonlyMap<string, string> = new Map()): Placement {
  const digest = (ref: string) => to.digest(ref) ?? resolved.get(ref);
  return {
    ...to,
    digest,
    mapRef: (ref) => {
      const mapped = to.mapRef(ref);
      const d = to.moves(ref) ? digest(ref) : undefined;
      return d ? formatReference({ ...parseReference(mapped), digest: d }) : mapped;
    },
  };
}

/** registry/repository, so a destination is found whatever tag or digest it is seen with. */
function nameOf(ref: string): string {
  try {
    const r = parseReference(ref);
    return `${r.registry}/${r.repository}`;
  } catch {
    return ref;
  }
}

function ownDigest(ref: string): string | undefined {
  try {
    return parseReference(ref).digest;
  } catch {
    return undefined;
  }
}

/** `to` with pinned digests replaced (push --sparse-index rewrite gave some indexes new digests). */
export function withDigestSwap(to: Placement, digests: ReadonlyMap<string, string>): Placement {
  if (digests.size === 0) return to;
  const swap = (ref: string) => {
    const r = parseReference(ref);
    const next = r.digest ? digests.get(r.digest) : undefined;
    return next ? formatReference({ ...r, digest: next }) : ref;
  };
  return {
    ...to,
    moves: (ref) => to.moves(ref) || swap(ref) !== ref,
    mapRef: (ref) => swap(to.mapRef(ref)),
    digest: (ref) => {
      const d = to.digest(ref);
      return d ? (digests.get(d) ?? d) : undefined;
    },
  };
}

/** True when `ref` names a repository under the target registry and prefix. */
export function isUnderTarget(ref: string, t: MappingTarget): boolean {
  let r;
  try {
    r = parseReference(ref);
  } catch {
    return false;
  }
  const prefix = (t.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return r.registry === t.registry && (prefix === '' || r.repository.startsWith(`${prefix}/`));
}

/**
 * `to` with the in-cluster copies of `listed` images (discover/sites/in-cluster-copies.ts) placed where
 * their sources go: HOST/SOURCE to HOST/MAPPED, since the chart's Job, its list moved too, copies
 * the moved source under that name; a copy of a placed source is placed (a second run, or a render
 * after `values`). Copies carry no digest of their own: the Job pushes them by tag.
 */
export function copiesFollow(to: Placement, listed: ReadonlySet<string>): Placement {
  if (listed.size === 0) return to;
  const source = (ref: string) => copyOfListed(ref, listed);
  const either = <T>(ref: string, f: (r: string) => T, copy: (host: string, of: string) => T): T => {
    const c = source(ref);
    return c ? copy(c.host, c.of) : f(ref);
  };
  return {
    ...to,
    moves: (ref) => either(ref, to.moves, (_, of) => to.moves(of)),
    mapRef: (ref) => either(ref, to.mapRef, (host, of) => `${host}/${to.mapRef(of)}`),
    placed: (ref) => either(ref, to.placed, (_, of) => to.placed(of)),
    digest: (ref) => either(ref, to.digest, () => undefined),
    by: (ref) => either(ref, to.by, (_, of) => `in-cluster copy of ${of}: ${to.by(of)}`),
    arrived: (ref) => either(ref, to.arrived, (_, of) => to.arrived(of)),
  };
}
