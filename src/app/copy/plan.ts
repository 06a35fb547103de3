// A copy's plan, checked whole before anything is written (oci/move-plan.ts): where each item
// goes, named as copyOne will name it, so two lines (a second column, or --naming base/flat
// folding two sources into one name) cannot send two images to one tag, and repeated lines copy
// once. A registry source is named without asking the registry; a layout source's name is in its
// index.json, read here (the copy opens it anyway).
import { resolve } from 'node:path';
import { checkMovePlan, type PlannedMove } from '../../oci/move-plan.js';
import { formatReference } from '../../oci/reference.js';
import { logTo } from '../../util/ctx.js';
import type { CopyItem, CopyOptions } from './copy-types.js';
import { itemDestination, parseEndpoint, type Endpoint } from './endpoint.js';
import { layoutDestinationName, named as namedAs, registryDestination, type CopySides, type OpenedSource } from './sides.js';

/** The items to copy, repeats left out; a MovePlanError when two of them conflict. */
export async function planCopy(o: CopyOptions, sides: CopySides, multi: boolean): Promise<CopyItem[]> {
  if (o.items.length < 2) return o.items;
  const moves: (PlannedMove & { item: CopyItem })[] = [];
  const unnamed = new Set<CopyItem>();
  for (const item of o.items) {
    const move = await plannedMove(item, o, sides, multi).catch((e: unknown) => {
      // copyOne reports this item's own error (a bad path, a missing layout) in its turn
      logTo(o.ctx, 'debug', `${item.where ?? item.src}: not planned: ${(e as Error).message}`);
      return undefined;
    });
    if (move) moves.push({ ...move, item });
    else unnamed.add(item);
  }
  const kept = new Set(
    checkMovePlan(
      moves,
      'copy plan (nothing was copied)',
      'give each destination one source: remove or rename one of those lines (a second column names a destination; --naming full keeps every source apart)',
    ).map((m) => m.item),
  );
  return o.items.filter((i) => kept.has(i) || unnamed.has(i));
}

async function plannedMove(item: CopyItem, o: CopyOptions, sides: CopySides, multi: boolean): Promise<PlannedMove | undefined> {
  const to = itemDestination(item, o, multi);
  if (!to) return undefined;
  const src = parseEndpoint(item.src);
  const opened: Pick<OpenedSource, 'name' | 'ref'> & { root?: { digest: string } } =
    src.kind === 'docker' ? { name: formatReference(src.ref, { defaultTag: true }), ref: src.ref } : await sides.source(src);
  const named = namedAs(opened, item);
  // what the item writes, where the plan knows it without asking a registry: a pin, a layout's root
  const content = src.kind === 'docker' ? src.ref.digest : named.root?.digest;
  const base = { source: endpointKey(src), where: item.where ?? item.src, ...(content ? { content } : {}) };
  if (to.end.kind === 'docker') {
    const { ref, tag } = registryDestination(to.end.ref, named, to.prefixNaming);
    return { ...base, destination: `docker://${formatReference({ ...ref, tag })}`, byDigest: tag === undefined };
  }
  const name = layoutDestinationName(to.end, named, to.prefixNaming !== undefined);
  return { ...base, destination: `${to.end.kind}:${resolve(to.end.kind === 'oci' ? to.end.dir : to.end.file)}:${name}` };
}

/** One spelling per source: a registry reference normalised, a layout by its absolute path. */
function endpointKey(e: Endpoint): string {
  if (e.kind === 'docker') return `docker://${formatReference(e.ref, { defaultTag: true })}`;
  return `${e.kind}:${resolve(e.kind === 'oci' ? e.dir : e.file)}:${e.ref ?? ''}`;
}
