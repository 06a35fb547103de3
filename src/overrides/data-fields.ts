// Setting fields inside a string a ConfigMap or Secret carries (YAML or JSON text, base64 of it or
// of its gzip, text inside that text), for the post-renderer: each level is decoded as discovery decoded it
// (discover/decoders/embedded-data.ts), the fields' scalars are replaced in its source so every other
// byte stays, and the level is encoded back as it was (base64 again, compressed again when it was, a block scalar re-indented,
// a quoted string quoted). Each level is read again after the edit and must hold exactly the
// values intended, else the edit is refused.

import { isScalar, parseAllDocuments, Scalar, type Document } from 'yaml';
import type { PathSegment } from '../discover/field-path.js';
import type { DataLevel } from '../discover/image-site.js';
import { gzipSync } from 'node:zlib';
import { placeholderText, withoutSchemas } from '../discover/decoders/index.js';
import { base64Text, gzipText } from '../discover/decoders/index.js';
import { applySplices, type Splice } from './postrender-splice.js';

export interface FieldSet {
  /** The path in the last level's document. */
  at: readonly PathSegment[];
  value: string;
}

/** Why a field of data cannot be set: the post-renderer names it with the image. */
export class DataFieldError extends Error {}

const PARSE = { uniqueKeys: false, logLevel: 'silent' } as const;

/** `text` with the fields set, down the levels from it; throws DataFieldError when that cannot be done exactly. */
export function setDataFields(text: string, levels: readonly DataLevel[], sets: readonly FieldSet[]): string {
  const [level, ...rest] = levels;
  if (!level) throw new DataFieldError('no level to edit');
  const plain = !level.base64 ? text : level.gzip ? gzipText(text) : base64Text(text);
  if (plain === undefined) throw new DataFieldError('the base64 does not decode to text any more');
  // read as discovery read it: a stream's CRDs blanked in place (offsets kept, so splices fit `plain`)
  const shown = withoutSchemas(plain, true);
  // Go-template text, read with its actions taken out, has no place to edit; another program's
  // placeholders inside its strings (`'{{JUPYTER_IMAGE_SPEC}}'`) are text, kept as they are
  if (placeholderText(shown) !== shown) throw new DataFieldError('the text is a template the consumer fills in');
  const read = readLevel(shown);
  const wanted: { at: readonly PathSegment[]; value: string }[] = [];
  const splices: Splice[] = [];
  if (rest.length === 0) {
    for (const s of sets) {
      splices.push(scalarSplice(plain, read, s.at, s.value));
      wanted.push(s);
    }
  } else {
    const node = nodeAt(read, level.at);
    const value = setDataFields(node.value as string, rest, sets);
    splices.push(scalarSplice(plain, read, level.at, value));
    wanted.push({ at: level.at, value });
  }
  const edited = applySplices(plain, dedupe(splices));
  check(read, readLevel(withoutSchemas(edited, true)), wanted);
  return level.base64 ? encodeLike(level.gzip ? gzipSync(Buffer.from(edited, 'utf8')) : Buffer.from(edited, 'utf8'), text) : edited;
}

interface Read {
  docs: Document[];
  /** Several documents: the path's first segment is the document's index (discovery read them as a list). */
  list: boolean;
}

function readLevel(text: string): Read {
  const parsed = parseAllDocuments(text, PARSE);
  const docs = (Array.isArray(parsed) ? parsed : []).filter((d) => d.contents !== null);
  if (docs.length === 0 || docs.some((d) => d.errors.length > 0)) throw new DataFieldError('the text does not read as YAML or JSON');
  return { docs, list: docs.length > 1 };
}

function nodeAt(r: Read, at: readonly PathSegment[]): Scalar {
  const [doc, path] = r.list ? [r.docs[at[0] as number], at.slice(1)] : [r.docs[0], at];
  const node = doc?.getIn(path as PathSegment[], true);
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number') || !node.range)
    throw new DataFieldError(`no single string field at ${JSON.stringify(at)}`);
  return node;
}

/** Plain YAML that reads back as this same string in Go's YAML and ours (no number, boolean or null). */
const SAFE_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=-]*$/;
const TYPED = /^(true|false|yes|no|on|off|y|n|null|~)$|^[-+]?[\d._:]+$|^0[xob]/i;

function scalarSplice(text: string, r: Read, at: readonly PathSegment[], value: string): Splice {
  const node = nodeAt(r, at);
  const [start, end] = node.range!;
  const source = text.slice(start, end);
  const written = scalarText(node, source, value);
  // a block scalar's source ends with its line break: whatever replaces it keeps that
  const tail = /\s*$/.exec(source)![0];
  return { start, end, text: /\s$/.test(written) ? written : written + tail };
}

/** A scalar's new source for `value`, in the style it was written in where that can hold it. */
export function scalarText(node: Pick<Scalar, 'type'>, source: string, value: string): string {
  if (node.type === Scalar.BLOCK_LITERAL) {
    const block = blockLiteral(source, value);
    if (block !== undefined) return block;
  }
  if (node.type === Scalar.PLAIN && SAFE_PLAIN.test(value) && !TYPED.test(value)) return value;
  if (node.type === Scalar.QUOTE_SINGLE && !value.includes('\n')) return `'${value.replace(/'/g, "''")}'`;
  // JSON's string syntax is YAML's double-quoted one: right in a JSON text and in YAML alike
  return JSON.stringify(value);
}

/**
 * A literal block scalar's source with a new value: the same header and indentation, each line of
 * the value under it, the source's trailing line breaks kept. Undefined when the header sets its
 * own indentation (the value's lines could then start with spaces the header does not allow).
 */
export function blockLiteral(source: string, value: string): string | undefined {
  const header = /^\|[+-]?[^\n]*\n/.exec(source)?.[0];
  if (header === undefined || /^\|[+-]?\d|^\|\d/.test(header)) return undefined;
  const indent = /^( +)\S/m.exec(source.slice(header.length))?.[1];
  if (indent === undefined) return undefined;
  const tail = /\s*$/.exec(source)![0];
  const body = value.replace(/\n+$/, '');
  if (body === '' || /^\s/.test(body)) return undefined;
  return `${header}${body
    .split('\n')
    .map((l) => (l === '' ? '' : indent + l))
    .join('\n')}${tail}`;
}

function dedupe(splices: readonly Splice[]): Splice[] {
  const by = new Map<number, Splice>();
  for (const s of splices) {
    const seen = by.get(s.start);
    if (seen && seen.text !== s.text) throw new DataFieldError('one field would get two values');
    by.set(s.start, s);
  }
  return [...by.values()];
}

/** The edited level must read as the old one with exactly the wanted values set. */
function check(before: Read, after: Read, wanted: readonly { at: readonly PathSegment[]; value: string }[]): void {
  if (after.docs.length !== before.docs.length) throw new DataFieldError('the edit changed the documents of the text');
  const copy = before.docs.map((d) => d.clone());
  for (const w of wanted) {
    const [doc, path] = before.list ? [copy[w.at[0] as number]!, w.at.slice(1)] : [copy[0]!, w.at];
    const node = doc.getIn(path as PathSegment[], true);
    if (isScalar(node)) node.value = w.value;
  }
  const js = (docs: readonly Document[]) => JSON.stringify(docs.map((d) => d.toJS() as unknown));
  if (js(copy) !== js(after.docs)) throw new DataFieldError('the edited text does not read back as intended');
}

/** Base64 of `bytes` laid out as `like` was: one line, or lines of its first line's width. */
function encodeLike(bytes: Buffer, like: string): string {
  const b64 = bytes.toString('base64');
  const lines = like.trim().split(/\r?\n/);
  if (lines.length < 2) return like.replace(like.trim(), b64);
  const width = lines[0]!.trim().length;
  const eol = like.includes('\r\n') ? '\r\n' : '\n';
  const wrapped = b64.match(new RegExp(`.{1,${width}}`, 'g'))!.join(eol);
  return like.replace(like.trim(), wrapped);
}
