// Where an override sends images, as the writer and the proof both need it (pure). Two kinds:
// a target registry (every image moves under TARGET[/PREFIX], named as `push` names it), and a
// mirror map (only the images `mirrors` proved identical move; every other image must stay
// exactly as it was, so a shared registry value cannot switch an unproven image by accident).
import { formatReference, parseReference } from '../oci/reference.js';
import { mapImage, type MappingNaming, type MappingTarget } from './image-mapping.js';

export interface Placement {
  /** Shown in reports and file headers: "TARGET[/PREFIX]" or "mirror-map FILE". */
  describe: string;
  /** True when the override should move this image. */
  moves(ref: string): boolean;
  /** Where the image must point after the override (itself when it does not move). */
  mapRef(ref: string): string;
  /** True when a reference seen after the override is acceptable where it stands. */
  placed(ref: string): boolean;
}

export function targetPlacement(target: MappingTarget, naming: MappingNaming, describe: string): Placement {
  return {
    describe,
    moves: () => true,
    mapRef: (ref) => mapImage(ref, target, naming),
    placed: (ref) => isUnderTarget(ref, target),
  };
}

/** `map`: normalised source reference → mirror reference (as `parseMirrorMap` gives it). */
export function mirrorPlacement(map: ReadonlyMap<string, string>, describe: string): Placement {
  const lookup = (ref: string): string | undefined => {
    const n = normalised(ref);
    return n === undefined ? undefined : map.get(n);
  };
  return {
    describe,
    moves: (ref) => lookup(ref) !== undefined,
    mapRef: (ref) => lookup(ref) ?? ref,
    // a proven source still rendered is the only wrong place; anything else is checked by mapRef
    placed: (ref) => lookup(ref) === undefined,
  };
}

/** `to` with pinned digests replaced (push --sparse-index rewrite gave some indexes new digests). */
export function withDigestSwap(to: Placement, digests: ReadonlyMap<string, string>): Placement {
  if (digests.size === 0) return to;
  const swap = (ref: string) => {
    const r = parseReference(ref);
    const next = r.digest ? digests.get(r.digest) : undefined;
    return next ? formatReference({ ...r, digest: next }) : ref;
  };
  return { ...to, moves: (ref) => to.moves(ref) || swap(ref) !== ref, mapRef: (ref) => swap(to.mapRef(ref)) };
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

function normalised(ref: string): string | undefined {
  try {
    return formatReference(parseReference(ref));
  } catch {
    return undefined;
  }
}
