// Reading the controllers' own images for the images they compile in (discover/evidence/), for
// `images --scan-images` and `bundle`: the registry client under the stage's content and confirm
// functions, each image read once per run, its cost logged and reported.
import { isNotFound } from '../../oci/not-found.js';
import { toImageRef } from '../../discover/image-ref.js';
import { AirgapError } from '../../util/errors.js';
import type { RegistryClient } from '../../registry/client.js';
import type { RegistryError } from '../../registry/errors.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import {
  evidenceSites,
  imagesToScan,
  scanControllerImage,
  type ControllerScan,
  type ImageContent,
  type ScanBounds,
  type ScanDeps,
} from '../../discover/evidence/index.js';
import type { ChartImages } from './chart-images-types.js';

/** What a scan cost and gave, per image read (the report's `scans`). */
export interface ScanSummary {
  image: string;
  entrypoint?: string;
  built?: string;
  found: string[];
  unread?: string;
  seconds: number;
  bytes: number;
}

export function registryScanner(client: RegistryClient, bounds?: ScanBounds): ScanDeps {
  const content = (image: string): ImageContent => {
    const repo = client.repository(image);
    return { resolve: (ref) => repo.resolve(ref), fetch: (d, c, o) => repo.fetch(d, c, o) };
  };
  const confirm = async (ref: string): Promise<string | undefined> => {
    try {
      return (await client.repository(ref).resolve(ref)).digest;
    } catch (e) {
      if (isNotFound(e) || (e as RegistryError).status === 404) return undefined;
      throw e;
    }
  };
  return { content, confirm, ...(bounds ? { bounds } : {}) };
}

/**
 * Controller images read from a bundle (its lock names each image's digest) or an OCI layout (by
 * its index.json names) instead of their registries; candidates are still confirmed at theirs.
 */
export async function localScanner(path: string, registry: ScanDeps): Promise<ScanDeps & { close(): Promise<void> }> {
  const { looksLikeBundle, openBundle } = await import('../../bundle/open.js');
  if (looksLikeBundle(path)) {
    const b = await openBundle(path);
    const content = (image: string): ImageContent => ({
      resolve: async () => {
        const ref = toImageRef(image)?.normalized ?? image;
        const locked = b.lock.images.find((i) => i.ref === ref);
        if (!locked) throw new AirgapError(`bundle ${path} does not carry ${ref}`);
        return { mediaType: locked.mediaType, digest: locked.digest, size: (await b.store.resolve(locked.digest)).size };
      },
      fetch: (d, c, o) => b.store.fetch(d, c, o),
    });
    return { ...registry, content, close: () => b.close() };
  }
  const { LayoutStore } = await import('../../layout/layout-store.js');
  const layout = await LayoutStore.open(path);
  const content = (): ImageContent => ({ resolve: (ref) => layout.resolve(ref), fetch: (d, c, o) => layout.fetch(d, c, o) });
  return { ...registry, content, close: async () => {} };
}

/** Reads every image of the charts' unread workload makers once; returns the scans by image. */
export async function scanControllers(
  found: readonly ChartImages[],
  deps: ScanDeps,
  ctx: Ctx,
  done: ReadonlyMap<string, ControllerScan> = new Map(),
  catalogued = false,
): Promise<Map<string, ControllerScan>> {
  const scans = new Map<string, ControllerScan>(done);
  for (const image of [...new Set(found.flatMap((f) => imagesToScan(f.controllers ?? [], catalogued)))]) {
    if (scans.has(image)) continue;
    const id = `scan:${image}`;
    ctx.onProgress?.({ type: 'start', id, label: `reading ${image}` });
    const s = await scanControllerImage(image, deps);
    scans.set(image, s);
    ctx.onProgress?.({ type: 'done', id, label: `read ${image}` });
    logTo(
      ctx,
      'info',
      `scanned ${image}${s.entrypoint ? `:${s.entrypoint}` : ''}: ${s.found.length} compiled-in image(s) confirmed, ${s.cost.seconds} s, ${s.cost.bytes} bytes read${s.unread ? ` (${s.unread})` : ''}`,
    );
  }
  return scans;
}

/** The chart's discovery with the confirmed compiled-in images of its controllers as `builtin` sites. */
export function withEvidence(f: ChartImages, scans: ReadonlyMap<string, ControllerScan>): ChartImages {
  const added = evidenceSites(f.controllers ?? [], scans, f.sites).filter((s) => !f.sites.some((x) => x.ref === s.ref && x.site === 'builtin'));
  return added.length ? { ...f, sites: [...f.sites, ...added] } : f;
}

export function scanSummaries(scans: ReadonlyMap<string, ControllerScan>): ScanSummary[] {
  return [...scans.values()].map((s) => ({
    image: s.image,
    ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
    ...(s.built ? { built: s.built } : {}),
    found: s.found.map((x) => x.ref),
    ...(s.unread ? { unread: s.unread } : {}),
    seconds: s.cost.seconds,
    bytes: s.cost.bytes,
  }));
}
