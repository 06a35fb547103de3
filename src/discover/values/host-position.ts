// Which host-shaped values of any key (values/image-values.ts hostShapedLeaves) are registry values: the
// marker render shows each where it stands in the images it reaches. One standing before the
// repository of every image it reaches (everything before it, up to a `/`) is that image's
// registry, as a `registry` key would be; one seen anywhere else in an image (inside a path, in
// a tag) is text of the chart's own, and setting it would move what is not a registry. Pure.

import type { ImageSite } from '../image-site.js';
import type { ImageValueLeaf } from './image-values.js';
import { markedText, markersIn } from './value-markers.js';

/** The marker numbers of `candidates` seen at the host position of every marked image that holds them, and seen at least once. */
export function atHostPosition(marked: readonly ImageSite[], leaves: ReadonlyMap<number, ImageValueLeaf>, candidates: ReadonlySet<number>): Set<number> {
  const host = new Set<number>();
  const elsewhere = new Set<number>();
  for (const s of marked) {
    const raw = s.raw.trim();
    for (const n of markersIn(raw)) {
      const leaf = leaves.get(n);
      if (!candidates.has(n) || !leaf) continue;
      (raw.startsWith(`${markedText(leaf, n)}/`) ? host : elsewhere).add(n);
    }
  }
  return new Set([...host].filter((n) => !elsewhere.has(n)));
}
