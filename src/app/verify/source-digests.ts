// A list names tags, not content: `verify LIST` asks each source (through the same --mirror flags
// the transfer had) what its tag serves, and checks the target by that digest. A source that does
// not answer leaves only presence to check, and the report says so for that image.
import type { ImageListEntry } from '../../oci/image-list.js';
import { formatReference } from '../../oci/reference.js';
import { RegistryClient, type RegistryClientOptions } from '../../registry/client.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';

/** A source behind a firewall that drops packets is given up on this soon (the check goes on without it). */
const SOURCE_DEADLINE_MS = 10_000;

export type SourceAnswer = { digest: string } | { error: string };

/** Each unpinned entry's source digest, or why there is none (by the entry's formatted reference). */
export async function sourceDigests(entries: readonly ImageListEntry[], o: RegistryClientOptions, ctx?: Ctx): Promise<Map<string, SourceAnswer>> {
  const client = new RegistryClient({ retries: 1, exchangeTimeoutMs: SOURCE_DEADLINE_MS, idleTimeoutMs: SOURCE_DEADLINE_MS, verifyFetch: false, ...o });
  const pool = createPool(8);
  const out = new Map<string, SourceAnswer>();
  const asked = [...new Map(entries.filter((e) => !e.ref.digest).map((e) => [formatReference(e.ref), e.ref])).entries()];
  await Promise.all(
    asked.map(([key, ref]) =>
      pool.run(async () => {
        try {
          const d = await client.repository(ref).resolve(ref.tag ?? 'latest', ctx);
          out.set(key, { digest: d.digest });
        } catch (e) {
          out.set(key, { error: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
        }
      }),
    ),
  );
  return out;
}
