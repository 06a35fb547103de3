// The registry and tag a chart gives an image block that names neither. kgateway's
// controller.image {registry: "", repository: kgateway, tag: ""} renders as
// ghcr.io/kgateway-dev/kgateway:v0.0.1: the root image.registry and the chart's version, by the
// template's `default`. A block no render uses (sds.image {registry: "", repository: sds}) would
// get the same, so the values-only guess follows what the renders show for blocks like it; docker.io
// and the appVersion stay the guess where the renders show nothing, or disagree. Pure.

import { parentPath } from './field-path.js';
import type { ImageSite } from './image-site.js';
import type { ImageValueLeaf } from './image-values.js';
import { toImageRef } from './image-ref.js';

export interface BlockFallback {
  /** What goes before a bare repository (ghcr.io/kgateway-dev). */
  registry?: string;
  /** The value that sets that registry for them all (image.registry), when one does. */
  registryLeaf?: ImageValueLeaf;
  tag?: string;
}

/**
 * What the rendered sites show for blocks with a host-less repository and no registry (or no
 * tag) of their own, by the chart that owns the block (`ownerOf` a values path): kept only
 * where every such block of that chart agrees.
 */
export function learnedFallbacks(
  sites: readonly ImageSite[],
  leaves: readonly ImageValueLeaf[],
  ownerOf: (path: string) => string,
): Map<string, BlockFallback> {
  const byPath = new Map(leaves.map((l) => [l.path, l] as const));
  const blocks = new Map<string, ImageValueLeaf[]>();
  for (const l of leaves) {
    const dir = parentPath(l.path);
    blocks.set(dir, [...(blocks.get(dir) ?? []), l]);
  }
  const seen = new Map<string, { registries: Set<string>; registryLeaves: Set<string>; tags: Set<string> }>();
  for (const s of sites) {
    const repoPart = s.valuesParts?.find((p) => p.part === 'repository');
    const repo = repoPart && byPath.get(repoPart.path);
    const ref = toImageRef(s.ref);
    if (!repo || !ref || toImageRef(repo.value)?.explicitDomain !== false) continue;
    const own = blocks.get(parentPath(repo.path)) ?? [];
    const owner = ownerOf(repo.path);
    const acc = seen.get(owner) ?? { registries: new Set<string>(), registryLeaves: new Set<string>(), tags: new Set<string>() };
    seen.set(owner, acc);
    const name = `${ref.domain}/${ref.path}`;
    if (!own.some((l) => l.part === 'registry') && name.endsWith(`/${repo.value}`)) {
      acc.registries.add(name.slice(0, -repo.value.length - 1));
      acc.registryLeaves.add(s.valuesParts?.find((p) => p.part === 'registry')?.path ?? '');
    }
    if (!own.some((l) => l.part === 'tag' || l.part === 'digest') && ref.tag) acc.tags.add(ref.tag);
  }
  const out = new Map<string, BlockFallback>();
  for (const [owner, { registries, registryLeaves, tags }] of seen) {
    const fb: BlockFallback = {};
    if (registries.size === 1) fb.registry = [...registries][0];
    if (fb.registry !== undefined && registryLeaves.size === 1) fb.registryLeaf = byPath.get([...registryLeaves][0]);
    if (tags.size === 1) fb.tag = [...tags][0];
    out.set(owner, fb);
  }
  return out;
}
