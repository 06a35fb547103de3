// The digests a skopeo sync file's map records: the file names tags, and what each tag serves at
// the source (through the mirror the file fetches from) when the file is written is the content the
// map promises. A later `verify --map` names a tag that moved before skopeo ran as DIFFERENT.
import type { MapEntry } from '../../bundle/image-map.js';
import { platformChildren } from '../../oci/manifest.js';
import { parseReference } from '../../oci/reference.js';
import { RegistryClient, type RegistryClientOptions } from '../../registry/client.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';

/** A source behind a firewall that drops packets is given up on this soon (the map goes on without its digest). */
const SOURCE_DEADLINE_MS = 10_000;

export interface SourceDigests {
  entries: MapEntry[];
  /** Sources whose digest could not be learned, each with why (the map keeps them without one). */
  unreached: { source: string; error: string }[];
}

/** `fetch[i]` is where entry i is pulled from; entries that already carry a digest still get their platforms. */
export async function withSourceDigests(entries: readonly MapEntry[], fetch: readonly string[], o: RegistryClientOptions, ctx?: Ctx): Promise<SourceDigests> {
  const client = new RegistryClient({ retries: 1, exchangeTimeoutMs: SOURCE_DEADLINE_MS, idleTimeoutMs: SOURCE_DEADLINE_MS, ...o });
  const pool = createPool(8);
  const unreached: SourceDigests['unreached'] = [];
  const out = await Promise.all(
    entries.map((e, i) =>
      pool.run(async () => {
        const ref = parseReference(fetch[i]!);
        try {
          const repo = client.repository(ref);
          const root = await repo.resolve(ref.digest ?? ref.tag ?? 'latest', ctx);
          const platforms = await platformChildren(repo, root, e.source, ctx);
          return { ...e, digest: root.digest, ...(platforms.length ? { platforms } : {}) };
        } catch (err) {
          unreached.push({ source: e.source, error: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
          return e;
        }
      }),
    ),
  );
  return { entries: out, unreached: unreached.sort((a, b) => (a.source < b.source ? -1 : 1)) };
}
