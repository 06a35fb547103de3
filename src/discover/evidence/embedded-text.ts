// Image references in a file a program embeds whole (Go's `go:embed`): an image vector or a
// default configuration, YAML or JSON. A string value that is a whole hosted, tagged reference
// counts; so does a mapping that splits one into a repository (or name/image) and a tag (or
// version) beside it, joined as such vectors are read (Gardener's `repository` + `tag`).
import { parseAllDocuments } from 'yaml';
import { isRecord } from '../../util/is-record.js';
import { hostedRef, strictImage } from './strict-image.js';

/** How much of a file is read as text, and how deep its tree is walked. */
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;

export interface EmbeddedImage {
  ref: string;
  /** The path in the document (`images[0]`), or `repository+tag` of a joined pair. */
  at: string;
}

/** Whether a text is worth parsing: a YAML line or JSON member keyed image, repository or registry. */
export function looksLikeImageData(text: string): boolean {
  return /^[\s-]*(?:image|repository|registry)\s*:|"(?:image|repository|registry)"\s*:/im.test(text);
}

export function embeddedImages(text: string): EmbeddedImage[] {
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text).flatMap((d) => (d.errors.length ? [] : [d.toJS({ maxAliasCount: 100 }) as unknown]));
  } catch {
    return [];
  }
  const out: EmbeddedImage[] = [];
  let nodes = 0;
  const walk = (v: unknown, at: string, depth: number): void => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      const ref = strictImage(v);
      if (ref) out.push({ ref, at: at || '.' });
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`, depth + 1));
    if (!isRecord(v)) return;
    const repo = firstString(v, ['repository', 'repo', 'image', 'name']);
    const tag = firstString(v, ['tag', 'version']);
    const bare = repo && hostedRef(repo.value);
    if (repo && tag && bare && !bare.tag && !bare.digest) {
      const ref = strictImage(`${repo.value}:${tag.value}`);
      if (ref) out.push({ ref, at: `${at ? `${at}.` : ''}${repo.key}+${tag.key}` });
    }
    for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k, depth + 1);
  };
  docs.forEach((d, i) => walk(d, docs.length > 1 ? `[doc ${i}]` : '', 0));
  return [...new Map(out.map((e) => [e.ref, e])).values()];
}

function firstString(m: Record<string, unknown>, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = m[key];
    if (typeof value === 'string' && value !== '') return { key, value };
  }
  return undefined;
}
