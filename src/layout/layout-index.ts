// index.json of an OCI layout: parsing (bounded, checked) and finding an entry by name.
import { ArchiveError } from '../util/errors.js';
import type { Descriptor } from '../oci/content.js';
import { formatReference, parseReference } from '../oci/reference.js';

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

export interface LayoutIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export function parseLayoutIndex(text: string, what: string): LayoutIndex {
  let v: LayoutIndex;
  try {
    v = JSON.parse(text) as LayoutIndex;
  } catch (e) {
    throw new ArchiveError(`${what}: not JSON`, { cause: e });
  }
  if (typeof v !== 'object' || v === null || !Array.isArray(v.manifests)) throw new ArchiveError(`${what}: no "manifests" list`);
  for (const [i, d] of v.manifests.entries()) {
    if (typeof d?.digest !== 'string' || typeof d?.size !== 'number' || typeof d?.mediaType !== 'string') {
      throw new ArchiveError(`${what}: manifests[${i}] is not a descriptor`);
    }
  }
  return v;
}

/**
 * The entry named `ref`: exact ref.name first (skopeo's rule), then containerd's name, then a
 * digest, then reference equality after normalisation (nginx:1 finds docker.io/library/nginx:1).
 * An empty ref selects the only entry.
 */
export function findIndexEntry(index: LayoutIndex, ref: string, what: string): Descriptor | undefined {
  const all = index.manifests;
  if (ref === '') {
    if (all.length === 1) return all[0];
    throw new ArchiveError(`${what}: holds ${all.length} images; name one`, {
      hint: 'add :REF (a name from its index.json) to the oci:/oci-archive: location',
    });
  }
  const byName = (key: string, v: string) => all.filter((d) => d.annotations?.[key] === v);
  const hit = byName(REF_NAME, ref)[0] ?? byName(CONTAINERD_NAME, ref)[0] ?? all.find((d) => d.digest === ref);
  if (hit) return hit;
  const want = normalised(ref);
  if (!want) return undefined;
  return all.find((d) => {
    const n = d.annotations?.[REF_NAME];
    return n !== undefined && normalised(n) === want;
  });
}

function normalised(s: string): string | undefined {
  try {
    return formatReference(parseReference(s), { defaultTag: true });
  } catch {
    return undefined;
  }
}
