// An existing kustomization.yaml, edited in place (pure): only the `images:` block changes, the
// rest of the file keeps its bytes (line endings, comment spacing, document markers), and in that
// block only the entries whose name the overlay's images need are changed or added (parsed as a
// YAML Document, so their comments, key order and quoting survive). Anchors, aliases and merge
// keys are read as kubectl reads them.
import { Document, isAlias, isMap, isScalar, isSeq, Pair, parseDocument, type Node, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { nestingDepth } from '../helm/values/yaml.js';
import { UsageError } from '../util/errors.js';
import type { ImageEntry } from './kustomize-images.js';
import type { KustomizeImage } from './kustomize.js';

export interface KustomizationFile {
  file: string;
  /** The file as read: an edit splices its `images:` block into these bytes. */
  text: string;
  doc: Document;
  /** The file as plain data (resources, components, patches...). */
  data: Record<string, unknown>;
  /** Its `images:` entries in order. */
  images: ImageEntry[];
  /** How the file lays out lists ("- item" under its key or indented, "[a]" or "[ a ]"): kept on write. */
  style: { indentSeq: boolean; flowPadding: boolean };
}

const HINT = 'fix the file (kubectl kustomize DIR shows the same error), then run again';
/**
 * Alias uses a document may resolve (the yaml package's measure: uses × the aliases inside what
 * each one names). kubectl's go-yaml allows hundreds of thousands of plain uses; this is far above
 * what a kustomization or a manifest holds, and keeps a nested "billion laughs" small.
 */
export const MAX_ALIAS_COUNT = 20_000;

// a manifest nested deeper than this is no Kubernetes object; past some tens of thousands of open
// brackets the YAML parser itself runs out of memory (the chart reader's bound, helm/values/yaml.ts)
const MAX_NESTING = 800;

/** Refuses a text nested past what any kustomization or manifest needs, before the parser sees it. */
export function refuseDeepYaml(text: string, file: string): void {
  if (text.length > MAX_NESTING * 2 && nestingDepth(text).depth > MAX_NESTING)
    throw new UsageError(`${file}: nested more than ${MAX_NESTING} levels deep: not a file this command reads`, {
      code: 'ERR_INPUT_TOO_LARGE',
      hint: 'fix the file',
    });
}

/** Parses a kustomization; bad YAML or a bad `images:` is a usage error naming FILE:LINE. */
export function parseKustomization(text: string, file: string): KustomizationFile {
  refuseDeepYaml(text, file);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const err = doc.errors[0];
  if (err) throw yamlError(text, file, err);
  const root = doc.contents;
  if (root !== null && !isMap(root))
    throw new UsageError(`${file}:${lineOf(text, root.range?.[0])}: a kustomization is a map (apiVersion, kind, resources...)`, { hint: HINT });
  const data = (plainData(doc, file) ?? {}) as Record<string, unknown>;
  return { file, text, doc, data, images: readImages(doc, text, file), style: styleOf(imagesText(doc, text) ?? text) };
}

/** The `images:` block's text, whose layout a rewrite of it keeps. */
function imagesText(doc: Document, text: string): string | undefined {
  const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'images') : undefined;
  const [k, v] = [(pair?.key as Node | undefined)?.range, (pair?.value as Node | null | undefined)?.range];
  return k && v && isSeq(pair!.value) && (pair!.value as YAMLSeq).items.length > 0 ? text.slice(k[0], v[1]) : undefined;
}

function styleOf(text: string): KustomizationFile['style'] {
  const flush = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\r?\n(?:[ \t]*#[^\n]*\n)*\1- /m.test(text);
  return { indentSeq: !flush, flowPadding: /[[{] [^\s\]}]/.test(text) };
}

/** An alias as the node it names (kubectl resolves them); any other node as it is. */
function deref(doc: Document, n: unknown): unknown {
  return isAlias(n) ? n.resolve(doc) : n;
}

function readImages(doc: Document, text: string, file: string): ImageEntry[] {
  const seq = deref(doc, doc.get('images', true));
  if (seq === undefined || (isScalar(seq) && seq.value === null)) return [];
  if (!isSeq(seq))
    throw new UsageError(`${file}:${lineOf(text, (seq as { range?: number[] }).range?.[0])}: images: must be a list of {name, newName, newTag, digest}`, {
      hint: HINT,
    });
  return seq.items.map((raw, i) => {
    const at = `${file}:${lineOf(text, (raw as { range?: number[] }).range?.[0])}`;
    const item = deref(doc, raw);
    if (!isMap(item)) throw new UsageError(`${at}: images[${i}] must be a map with a name`, { hint: HINT });
    const [name, newName, newTag, digest] = ['name', 'newName', 'newTag', 'digest'].map((key) =>
      scalarText(fieldNode(doc, item, key), `${at}: images[${i}].${key}`),
    );
    if (!name) throw new UsageError(`${at}: images[${i}] has no name`, { hint: HINT });
    return { name, ...(newName ? { newName } : {}), ...(newTag ? { newTag } : {}), ...(digest ? { digest } : {}) };
  });
}

/** A key's value node: its own pair, else the first `<<:` merge that has it (YAML 1.1 merge keys, which kubectl reads). */
function fieldNode(doc: Document, map: YAMLMap, key: string): unknown {
  const own = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (own) return deref(doc, own.value);
  for (const p of map.items) {
    if (!isMergeKey(p.key)) continue;
    const from = deref(doc, p.value);
    for (const m of isSeq(from) ? from.items.map((x) => deref(doc, x)) : [from]) {
      const v = isMap(m) ? fieldNode(doc, m, key) : undefined;
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

function isMergeKey(k: unknown): boolean {
  return isScalar(k) && typeof k.value === 'symbol' && k.value.description === '<<';
}

// kustomize reads these fields as strings: `newTag: 1.10` is the tag "1.10", not the number 1.1
function scalarText(node: unknown, where: string): string | undefined {
  if (node === undefined) return undefined;
  if (!isScalar(node)) throw new UsageError(`${where}: expected a string`, { hint: HINT });
  if (node.value === null) return undefined;
  return typeof node.source === 'string' && typeof node.value !== 'string' ? node.source : String(node.value);
}

/**
 * A parsed document as plain data. The parser accepts what only resolving shows to be wrong (an
 * alias to no anchor, a merge key on a scalar, aliases past the bound): a usage error naming FILE.
 */
export function plainData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // no cause: the parser's ReferenceError is the input's fault, not a fault of this code
    throw new UsageError(`${file}: not valid YAML: ${(e as Error).message}`, { hint: HINT });
  }
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
  const had = deref(doc, doc.get('images', true));
  // an aliased list is written out as its own copy: editing it in place would change what the anchor names
  let seq = isSeq(had) ? (isAlias(doc.get('images', true)) ? copyOf(had) : had) : (doc.createNode([]) as YAMLSeq);
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
    const same = OWNED.every((key) => before[key] === after[key]);
    if (!same) {
      if (isAlias(seq.items[at])) seq.items[at] = copyOf(deref(doc, seq.items[at]) as YAMLMap);
      const item = seq.items[at] as YAMLMap;
      for (const key of OWNED) {
        // a key only a merge (<<:) gives is overridden by one of the entry's own; absent, it is set empty
        const merged = !item.has(key) && fieldNode(doc, item, key) !== undefined;
        if (after[key] === undefined) {
          if (item.has(key)) item.delete(key);
          else if (merged) item.items.splice(slotFor(item, key), 0, doc.createPair(key, ''));
        } else if (item.has(key)) item.set(key, after[key]);
        else item.items.splice(slotFor(item, key), 0, doc.createPair(key, after[key]));
      }
    }
    entries[at] = after;
    changes.push({ name: w.name, action: same ? 'unchanged' : 'updated', before, after });
  }
  const changed = changes.some((c) => c.action !== 'unchanged');
  return { changes, entries, ...(changed ? { text: spliceImages(k, doc, seq) } : {}) };
}

/** A node's deep copy without its anchor (aliases to other anchors kept). */
function copyOf<T extends Node>(n: T): T {
  const c = n.clone() as T;
  c.anchor = undefined;
  return c;
}

/**
 * The file's text with its `images:` block replaced by `seq` (or added after the last key): every
 * byte outside the block as it was, the block in the file's line endings and indentation.
 */
function spliceImages(k: KustomizationFile, doc: Document, seq: YAMLSeq): string {
  const text = k.text;
  const root = doc.contents;
  const pair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'images') : undefined;
  const keyRange = (pair?.key as Node | undefined)?.range;
  const valueRange = (pair?.value as Node | null | undefined)?.range;
  let start: number;
  let end: number;
  if (keyRange) {
    start = keyRange[0];
    end = Math.max(keyRange[1], valueRange?.[1] ?? 0);
  } else if (isMap(root) && !root.flow && root.range) {
    start = end = root.range[1];
  } else if (root === null && doc.range) {
    start = end = doc.range[1];
  } else {
    // a flow map root ({resources: [...]}) has no place for a block: the whole document is written again
    (doc as Document).set('images', seq);
    return doc.toString(formatOptions(k));
  }
  const block = new Document(null, { merge: true });
  // the key's own comment and a comment trailing the list stay where they are in the text
  const key = isScalar(pair?.key) ? Object.assign(pair.key.clone(), { commentBefore: undefined, spaceBefore: undefined }) : 'images';
  const value = seq.clone() as YAMLSeq;
  if (valueRange && /#/.test(text.slice(valueRange[1], valueRange[2]))) value.comment = undefined;
  block.contents = block.createNode({}) as YAMLMap;
  (block.contents as YAMLMap).items.push(new Pair(key, value));
  let out = block.toString({ ...formatOptions(k), verifyAliasOrder: false });
  const replaced = text.slice(start, end);
  if (keyRange && !replaced.endsWith('\n')) out = out.replace(/\n$/, '');
  out = keepCommentSpacing(out, replaced);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = text.slice(lineStart, start);
  if (/^ +$/.test(indent)) out = out.replace(/\n(?=.)/g, `\n${indent}`);
  if (!keyRange && start > 0 && text[start - 1] !== '\n') out = `\n${out}`;
  if (/\r\n/.test(text)) out = out.replace(/\r?\n/g, '\r\n');
  return text.slice(0, start) + out + text.slice(end);
}

// `key: value   # why` comes out of the serializer as `key: value # why`: a line of the block that
// only differs from one it had by the spaces before its comment is written as it was
const COMMENTED = /^([^#'"]*\S)[ \t]+(#.*)$/;

function keepCommentSpacing(out: string, was: string): string {
  const had = new Map<string, string>();
  for (const line of was.split(/\r?\n/)) {
    const m = COMMENTED.exec(line);
    if (m && !had.has(`${m[1]} ${m[2]}`)) had.set(`${m[1]} ${m[2]}`, line);
  }
  if (had.size === 0) return out;
  return out
    .split('\n')
    .map((line) => had.get(line) ?? line)
    .join('\n');
}

function formatOptions(k: KustomizationFile) {
  return { lineWidth: 0, indentSeq: k.style.indentSeq, flowCollectionPadding: k.style.flowPadding };
}
