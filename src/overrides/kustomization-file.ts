// An existing kustomization.yaml, edited in place (pure): parsed as a YAML Document so that
// comments, key order, quoting and every entry this command does not own survive the edit; only
// the `images:` entries whose name the overlay's images need are changed or added.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { UsageError } from '../util/errors.js';
import type { ImageEntry } from './kustomize-images.js';
import type { KustomizeImage } from './kustomize.js';

export interface KustomizationFile {
  file: string;
  doc: Document;
  /** The file as plain data (resources, components, patches...). */
  data: Record<string, unknown>;
  /** Its `images:` entries in order. */
  images: ImageEntry[];
  /** How the file lays out lists ("- item" under its key or indented, "[a]" or "[ a ]"): kept on write. */
  style: { indentSeq: boolean; flowPadding: boolean };
}

const HINT = 'fix the file (kubectl kustomize DIR shows the same error), then run again';

/** Parses a kustomization; bad YAML or a bad `images:` is a usage error naming FILE:LINE. */
export function parseKustomization(text: string, file: string): KustomizationFile {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) throw yamlError(text, file, err);
  const root = doc.contents;
  if (root !== null && !isMap(root))
    throw new UsageError(`${file}:${lineOf(text, root.range?.[0])}: a kustomization is a map (apiVersion, kind, resources...)`, { hint: HINT });
  const data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  return { file, doc, data, images: readImages(doc, text, file), style: styleOf(text) };
}

function styleOf(text: string): KustomizationFile['style'] {
  const flush = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*#[^\n]*\n)*\1- /m.test(text);
  return { indentSeq: !flush, flowPadding: /[[{] [^\s\]}]/.test(text) };
}

function readImages(doc: Document, text: string, file: string): ImageEntry[] {
  const seq = doc.get('images', true);
  if (seq === undefined || (isScalar(seq) && seq.value === null)) return [];
  if (!isSeq(seq))
    throw new UsageError(`${file}:${lineOf(text, (seq as { range?: number[] }).range?.[0])}: images: must be a list of {name, newName, newTag, digest}`, {
      hint: HINT,
    });
  return seq.items.map((item, i) => {
    const at = `${file}:${lineOf(text, (item as { range?: number[] }).range?.[0])}`;
    if (!isMap(item)) throw new UsageError(`${at}: images[${i}] must be a map with a name`, { hint: HINT });
    const [name, newName, newTag, digest] = ['name', 'newName', 'newTag', 'digest'].map((key) => scalarText(item, key, `${at}: images[${i}].${key}`));
    if (!name) throw new UsageError(`${at}: images[${i}] has no name`, { hint: HINT });
    return { name, ...(newName ? { newName } : {}), ...(newTag ? { newTag } : {}), ...(digest ? { digest } : {}) };
  });
}

// kustomize reads these fields as strings: `newTag: 1.10` is the tag "1.10", not the number 1.1
function scalarText(map: YAMLMap, key: string, where: string): string | undefined {
  const node = map.get(key, true);
  if (node === undefined) return undefined;
  if (!isScalar(node)) throw new UsageError(`${where}: expected a string`, { hint: HINT });
  if (node.value === null) return undefined;
  return typeof node.source === 'string' && typeof node.value !== 'string' ? node.source : String(node.value);
}

/** A YAML parse error as a usage error naming FILE:LINE. */
export function yamlError(text: string, file: string, err: YAMLError): UsageError {
  return new UsageError(`${file}:${lineOf(text, err.pos[0])}: not valid YAML: ${err.message.split('\n')[0]}`, { hint: HINT });
}

function lineOf(text: string, offset: number | undefined): number {
  if (offset === undefined) return 1;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export interface EntryChange {
  name: string;
  action: 'added' | 'updated' | 'unchanged';
  before?: ImageEntry;
  after: ImageEntry;
}

const OWNED = ['newName', 'newTag', 'digest'] as const;
const ORDER = ['name', ...OWNED];

/** A new key goes after the keys that come before it in name, newName, newTag, digest (as kustomize edit writes them). */
function slotFor(item: YAMLMap, key: string): number {
  const rank = ORDER.indexOf(key);
  let at = 0;
  item.items.forEach((pair, i) => {
    const k = isScalar(pair.key) ? String(pair.key.value) : '';
    const r = ORDER.indexOf(k);
    if (r >= 0 && r < rank) at = i + 1;
  });
  return at;
}

/**
 * Writes `wanted` into the file's `images:`: the first entry of each name is updated (newName,
 * newTag and digest set to what is wanted, its other keys and comments kept), a name with no
 * entry is appended; entries for other names are not touched. Returns each entry's change and
 * the new text (the same text when nothing changed).
 */
export function mergeImageEntries(k: KustomizationFile, wanted: readonly KustomizeImage[]): { changes: EntryChange[]; text?: string; entries: ImageEntry[] } {
  const doc = k.doc.clone();
  let seq = doc.get('images', true) as YAMLSeq | undefined;
  if (!isSeq(seq)) {
    seq = doc.createNode([]) as YAMLSeq;
    doc.set('images', seq);
  }
  const changes: EntryChange[] = [];
  // what kustomize will apply after the edit, in order
  const entries = [...k.images];
  for (const w of wanted) {
    const after: ImageEntry = { name: w.name, newName: w.newName, ...(w.newTag ? { newTag: w.newTag } : {}), ...(w.digest ? { digest: w.digest } : {}) };
    const at = k.images.findIndex((e) => e.name === w.name);
    if (at < 0) {
      seq.add(doc.createNode(after));
      entries.push(after);
      changes.push({ name: w.name, action: 'added', after });
      continue;
    }
    const before = k.images[at]!;
    const item = seq.items[at] as YAMLMap;
    const same = OWNED.every((key) => before[key] === after[key]);
    for (const key of same ? [] : OWNED) {
      if (after[key] === undefined) item.delete(key);
      else if (item.has(key)) item.set(key, after[key]);
      else item.items.splice(slotFor(item, key), 0, doc.createPair(key, after[key]));
    }
    entries[at] = after;
    changes.push({ name: w.name, action: same ? 'unchanged' : 'updated', before, after });
  }
  const changed = changes.some((c) => c.action !== 'unchanged');
  return {
    changes,
    entries,
    ...(changed ? { text: doc.toString({ lineWidth: 0, indentSeq: k.style.indentSeq, flowCollectionPadding: k.style.flowPadding }) } : {}),
  };
}
