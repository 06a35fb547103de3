// Walks one image's graph (with the same platform filter copyGraph applies) to learn what a
// bundle records and carries: every node's descriptor, the platforms kept, the total size.
// Works over any Fetcher: a registry for --dry-run, the cache layout after pulling.
import type { Ctx, Descriptor, Fetcher, Platform } from '../oci/content.js';
import { fetchManifest, readAllBounded } from '../oci/manifest.js';
import { verifyBytes } from '../oci/digest.js';
import { isManifestType, MediaType } from '../oci/media-types.js';
import { successorsUnder } from '../oci/platform-filter.js';
import { formatPlatform } from '../oci/platform.js';

export interface WalkedImage {
  /** Every node under the root, root included, once each. */
  nodes: Descriptor[];
  /** os/arch[/variant] of each platform manifest kept (sorted). */
  platforms: string[];
  /** Sum of the sizes of every node. */
  size: number;
}

const CONFIG_TYPES = new Set<string>([MediaType.ociConfig, MediaType.dockerConfig]);

export async function walkImage(src: Fetcher, root: Descriptor, platforms: Platform[] | undefined, what: string, ctx: Ctx = {}): Promise<WalkedImage> {
  const seen = new Map<string, Descriptor>();
  const found = new Set<string>();
  const next = successorsUnder(platforms);
  const visit = async (d: Descriptor, parentPlatform?: Descriptor['platform']): Promise<void> => {
    if (seen.has(d.digest)) return;
    seen.set(d.digest, d);
    if (!isManifestType(d.mediaType)) return;
    const m = await fetchManifest(src, d, `${what} ${d.digest}`, ctx);
    if (m.kind !== 'index') {
      const platform = parentPlatform ?? (m.config && CONFIG_TYPES.has(m.config.mediaType) ? await configPlatform(src, m.config, ctx) : undefined);
      if (platform && platform.os !== 'unknown') found.add(formatPlatform(platform));
    }
    for (const c of next(m, what)) await visit(c, m.kind === 'index' ? c.platform : undefined);
  };
  await visit(root);
  const nodes = [...seen.values()];
  return { nodes, platforms: [...found].sort(), size: nodes.reduce((n, d) => n + d.size, 0) };
}

/** The platform a config names; a config that is not its digest's bytes fails the walk (a damaged cache copy is fetched again). */
async function configPlatform(src: Fetcher, d: Descriptor, ctx: Ctx): Promise<Platform | undefined> {
  if (d.size > 4 * 1024 * 1024) return undefined;
  let raw: Buffer;
  try {
    raw = await readAllBounded(await src.fetch(d, ctx), d.size, `config ${d.digest}`);
  } catch {
    return undefined;
  }
  if (raw.length === d.size) verifyBytes(d, raw, `config ${d.digest}`);
  try {
    const c = JSON.parse(raw.toString('utf8')) as { os?: string; architecture?: string; variant?: string };
    return c.os && c.architecture ? { os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
