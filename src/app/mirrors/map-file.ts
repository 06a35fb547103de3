// The file `mirrors --write-map` writes and `values --mirror-map` reads: source image → public
// equivalent, only for pairs proven identical by manifest digest. Keys are normalised references
// (docker.io/library/nginx:1.27), so a chart's "nginx:1.27" finds its entry.
import { parseDocument, stringify } from 'yaml';
import { formatReference, parseReference } from '../../oci/reference.js';
import { UsageError } from '../../util/errors.js';

export interface MirrorMap {
  from: string;
  images: Record<string, string>;
}

export function formatMirrorMap(m: MirrorMap, checked: Date): string {
  const header = [
    '# helm-airgap mirrors: each image below has a public equivalent serving the same manifest digest',
    `# from ${m.from}, checked ${checked.toISOString()}; use with: helm airgap values ... --mirror-map THIS_FILE`,
  ];
  return `${header.join('\n')}\n${stringify({ images: m.images }, { lineWidth: 0 })}`;
}

/** Normalised source reference → mirror reference. */
export function parseMirrorMap(text: string, file: string): Map<string, string> {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new UsageError(`${file}: not YAML: ${doc.errors[0]!.message}`);
  const images = (doc.toJS() as { images?: unknown } | null)?.images;
  if (images === null || typeof images !== 'object' || Array.isArray(images))
    throw new UsageError(`${file}: expected "images:" mapping source → mirror`, { hint: 'write it with: helm airgap mirrors ... --write-map FILE' });
  const out = new Map<string, string>();
  for (const [source, mirror] of Object.entries(images as Record<string, unknown>)) {
    if (typeof mirror !== 'string') throw new UsageError(`${file}: images.${source}: expected a reference string`);
    const s = normalise(source, `${file}: ${source}`);
    const m = parseReference(mirror);
    const r = parseReference(s);
    if ((r.tag ?? '') !== (m.tag ?? '') || (r.digest ?? '') !== (m.digest ?? ''))
      throw new UsageError(`${file}: ${source} → ${mirror}: a mirror keeps the tag and digest`, {
        hint: 'only repositories change; regenerate with helm airgap mirrors',
      });
    out.set(s, formatReference(m));
  }
  return out;
}

function normalise(ref: string, where: string): string {
  try {
    return formatReference(parseReference(ref));
  } catch (e) {
    throw new UsageError(`${where}: ${(e as Error).message}`);
  }
}
