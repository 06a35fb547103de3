// The registry and tag a chart gives an image block that names neither. kgateway's
// controller.image {registry: "", repository: kgateway, tag: ""} renders as
// ghcr.io/kgateway-dev/kgateway:v0.0.1: the root image.registry and the chart's version, by the
// template's `default`. A block no render uses (sds.image {registry: "", repository: sds}) would
// get the same, so the values-only guess follows what the renders show for blocks like it; docker.io
// and the appVersion stay the guess where the renders show nothing, or disagree. Pure.

import { parentPath } from '../field-path.js';
import type { ImageSite } from '../image-site.js';
import type { ImageValueLeaf } from './image-values.js';
import { toImageRef } from '../image-ref.js';

export interface BlockFallback {
  /** What goes before a bare repository (ghcr.io/kgateway-dev). */
  registry?: string;
  /** The value that sets that registry for them all (image.registry), when one does. */
  registryLeaf?: ImageValueLeaf;
  tag?: string;
  /**
   * The registry (and its value) the renders gave the blocks with no tag of their own, where only
   * those agree: a chart's own components take its global registry and tag together (katib's
   * global.imageRegistry, global.imageTag), a database beside them its own tag at Docker Hub.
   */
  tagless?: Pick<BlockFallback, 'registry' | 'registryLeaf'>;
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
  type Seen = { registries: Set<string>; registryLeaves: Set<string> };
  const seen = new Map<string, Seen & { tags: Set<string>; tagless: Seen }>();
  for (const s of sites) {
    const repoPart = s.valuesParts?.find((p) => p.part === 'repository');
    const repo = repoPart && byPath.get(repoPart.path);
    const ref = toImageRef(s.ref);
    if (!repo || !ref || toImageRef(repo.value)?.explicitDomain !== false) continue;
    const own = blocks.get(parentPath(repo.path)) ?? [];
    const owner = ownerOf(repo.path);
    const acc = seen.get(owner) ?? {
      registries: new Set(),
      registryLeaves: new Set(),
      tags: new Set(),
      tagless: { registries: new Set(), registryLeaves: new Set() },
    };
    seen.set(owner, acc);
    const name = `${ref.domain}/${ref.path}`;
    const tagless = !own.some((l) => l.part === 'tag' || l.part === 'digest');
    if (!own.some((l) => l.part === 'registry') && name.endsWith(`/${repo.value}`)) {
      const leaf = s.valuesParts?.find((p) => p.part === 'registry')?.path ?? '';
      for (const into of tagless ? [acc, acc.tagless] : [acc]) {
        into.registries.add(name.slice(0, -repo.value.length - 1));
        into.registryLeaves.add(leaf);
      }
    }
    if (tagless && ref.tag) acc.tags.add(ref.tag);
  }
  const agreed = ({ registries, registryLeaves }: Seen): Pick<BlockFallback, 'registry' | 'registryLeaf'> => {
    const registry = registries.size === 1 ? [...registries][0] : undefined;
    const registryLeaf = registry !== undefined && registryLeaves.size === 1 ? byPath.get([...registryLeaves][0]!) : undefined;
    return { ...(registry !== undefined ? { registry } : {}), ...(registryLeaf ? { registryLeaf } : {}) };
  };
  const out = new Map<string, BlockFallback>();
  for (const [owner, acc] of seen) {
    const fb: BlockFallback = agreed(acc);
    if (acc.tags.size === 1) fb.tag = [...acc.tags][0];
    const tagless = agreed(acc.tagless);
    if (fb.registry === undefined && tagless.registry !== undefined) fb.tagless = tagless;
    out.set(owner, fb);
  }
  return out;
}
