// What the target registry holds of what the values point at. `values --check-registry` proves the
// override against the registry as the re-render proved it against the chart: each tag must
// serve the digest the bundle's lock or the map recorded (a tag overwritten with other content
// is named, not only a missing one), and each pinned digest must be there. `--pin-digests` asks
// here for the digest of an image neither the lock nor the map records.
import { formatReference, parseReference, type Reference } from '../../oci/reference.js';
import { isNotFound } from '../../oci/not-found.js';
import { RegistryClient, type RegistryClientOptions } from '../../registry/client.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';

export interface RegistryCheck {
  checked: number;
  /** Target references the registry does not have. */
  missing: string[];
  /** Tags that serve another digest than the one recorded (the lock, the map, the chart's pin). */
  different: DifferentDigest[];
}

export interface DifferentDigest {
  target: string;
  /** The digest recorded for the image. */
  expected: string;
  /** The digest the registry serves for the tag. */
  found: string;
}

export interface CheckItem {
  /** Where the values point (tag, digest or both). */
  target: string;
  /** The digest recorded for it, when something recorded one. */
  digest?: string;
}

export async function checkTargets(items: readonly CheckItem[], o: RegistryClientOptions, ctx?: Ctx): Promise<RegistryCheck> {
  const unique = new Map<string, string | undefined>();
  for (const i of items) unique.set(i.target, unique.get(i.target) ?? i.digest);
  const missing: string[] = [];
  const different: DifferentDigest[] = [];
  await askEach([...unique.keys()], o, ctx, async (ref, ask) => {
    const target = formatReference(ref);
    const expected = unique.get(target) ?? ref.digest;
    // the tag first: what a pull of the tag gets must be what was recorded
    const found = await ask(ref.tag ? { ...ref, digest: undefined } : ref);
    if (found === undefined) missing.push(target);
    else if (expected && found !== expected) different.push({ target, expected, found });
  });
  const byName = (a: { target: string }, b: { target: string }) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0);
  return { checked: unique.size, missing: missing.sort(), different: different.sort(byName) };
}

/** The digest each target's tag (or digest) serves; absent when the registry does not have it. */
export async function resolveDigests(targets: readonly string[], o: RegistryClientOptions, ctx?: Ctx): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await askEach([...new Set(targets)], o, ctx, async (ref, ask) => {
    const d = await ask(ref);
    if (d) out.set(formatReference(ref), d);
  });
  return out;
}

type Ask = (ref: Reference) => Promise<string | undefined>;

async function askEach(
  targets: readonly string[],
  o: RegistryClientOptions,
  ctx: Ctx | undefined,
  each: (ref: Reference, ask: Ask) => Promise<void>,
): Promise<void> {
  const client = new RegistryClient(o);
  const pool = createPool(8);
  const ask: Ask = (ref) =>
    client
      .repository(ref)
      .resolve(formatReference(ref), ctx)
      .then(
        (d) => d.digest,
        (e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)),
      );
  await Promise.all(targets.map((t) => pool.run(() => each(parseReference(t), ask))));
}
