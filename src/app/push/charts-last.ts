// Charts last: a chart reaches the target only when every image its lock entry lists is there by
// digest. An installer pulling a chart whose images failed gets ImagePullBackOff; a held-back
// chart is instead a named failure (exit 3) that a re-run clears once the images are in. Images of
// other shards are asked of the target (HEAD), since their pods may have pushed them already.
import type { BundleLock } from '../../bundle/lock.js';
import { isNotFound } from '../../oci/not-found.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError } from '../../util/errors.js';
import type { Destination } from '../../ecr/destination.js';
import type { ItemResult } from './items.js';
import type { PushItem, PushPlan } from './plan.js';

/** Chart layoutRef → the images (source references) that hold it back. */
export async function heldCharts(
  charts: readonly PushItem[],
  lock: BundleLock,
  allImages: readonly PushItem[],
  pushed: readonly ItemResult[],
  dest: Destination,
  plan: PushPlan,
  ctx: Ctx,
): Promise<Map<string, string[]>> {
  // a tag kept on other content (--on-existing-tag skip) is the user's choice of what the chart gets
  const state = new Map(pushed.map((r) => [r.item.layoutRef, r.status !== 'failed']));
  const byRef = new Map(allImages.map((i) => [i.layoutRef, i]));
  const held = new Map<string, string[]>();
  for (const chart of charts) {
    const locked = lock.charts.find((c) => c.layoutRef === chart.layoutRef);
    if (!locked) continue;
    const mine = lock.images.filter((img) => img.sites.some((s) => s.chart === locked.name || s.chart.startsWith(`${locked.name}/`)));
    const missing: string[] = [];
    for (const img of mine) {
      let there = state.get(img.layoutRef);
      if (there === undefined) {
        const item = byRef.get(img.layoutRef);
        there = item ? await presentAt(dest, plan, item, ctx) : false;
        state.set(img.layoutRef, there);
      }
      if (!there) missing.push(img.ref);
    }
    if (missing.length) held.set(chart.layoutRef, missing);
  }
  return held;
}

export function heldResult(item: PushItem, target: string, images: readonly string[]): ItemResult {
  const shown = images.slice(0, 5).join(', ') + (images.length > 5 ? `, … (${images.length} in all)` : '');
  return {
    item,
    target,
    status: 'failed',
    blobsUploaded: 0,
    blobsPresent: 0,
    blobsMounted: 0,
    bytesUploaded: 0,
    error: new AirgapError(`chart ${item.source} held back: its images are not all in the target: ${shown}`, {
      code: 'ERR_CHART_HELD_BACK',
      hint: 're-run the same push once the images go through: the chart follows them',
    }),
  };
}

async function presentAt(dest: Destination, plan: PushPlan, item: PushItem, ctx: Ctx): Promise<boolean> {
  return dest.client
    .repository(`${plan.target.host}/${item.path}`)
    .exists({ digest: item.digest, mediaType: item.mediaType, size: item.size }, ctx)
    .catch((e: unknown) => (isNotFound(e) ? false : Promise.reject(e)));
}
