// The post-renderer's reach to an operator's built-in defaults (discover/operators/index.ts):
// no manifest names those images, so no text holds them to rewrite; the operator's own override
// setting does, once set. This inserts that env var (or flag) into the operator's container,
// pointed at the target, as text in the container's block `env:` (or `args:`) list, so the rest
// of the document stays byte for byte; the post-renderer re-parses and compares as for any edit.
// A container written in flow style, or a flag where the container has no `args:` list, is left
// alone (the caller says so).

import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Splice } from './postrender-splice.js';

/**
 * Env vars to add to a container's env list, flags (`--flag=VALUE`) to its args, or string fields
 * a resource leaves out (each at its whole path in the document) to add to the map at `path`.
 */
/** A string field to add; `item`: the name of the one item of a list a number of `at` makes. */
export interface AddedField {
  at: (string | number)[];
  value: string;
  item?: string;
}

export type Additions = { env: { name: string; value: string }[] } | { args: string[] } | { fields: AddedField[] };

export interface Insertion {
  /** The container map's path in the document. */
  path: (string | number)[];
  add: Additions;
  splice: Splice;
}

/** The insertion of env vars (or flags) into the container at `path`, or undefined when its text has no shape for one. */
export function insertInto(text: string, doc: Document, path: (string | number)[], add: Additions): Insertion | undefined {
  const container = doc.getIn(path, true);
  if (!isMap(container) || container.flow || !container.range) return undefined;
  if ('fields' in add) return undefined;
  const list = container.get('env' in add ? 'env' : 'args', true);
  const entry =
    'env' in add
      ? add.env.flatMap((e) => [`- name: ${JSON.stringify(e.name)}`, `  value: ${JSON.stringify(e.value)}`])
      : add.args.map((a) => `- ${JSON.stringify(a)}`);
  if (isSeq(list)) {
    const at = appendPoint(text, list);
    if (!at) return undefined;
    return { path, add, splice: { start: at.offset, end: at.offset, text: entry.map((l) => `\n${at.indent}${l}`).join('') } };
  }
  // a flag needs the args the operator's command already takes: an args list where none was may change what runs
  if (list !== undefined || 'args' in add) return undefined;
  const keys = keyIndent(text, container);
  const last = container.items[container.items.length - 1];
  const valueEnd = (last?.value as { range?: [number, number, number] } | null)?.range?.[1];
  if (keys === undefined || valueEnd === undefined) return undefined;
  const end = lineEnd(text, valueEnd);
  return { path, add, splice: { start: end, end, text: `\n${keys}env:` + entry.map((l) => `\n${keys}${l}`).join('') } };
}

/** The document's value as the insertion makes it, applied to a copy's tree. */
export function applyToCopy(copy: Document, ins: Insertion): void {
  if ('fields' in ins.add) {
    // nodes made by the document (its keys scalars, as parsed ones are), the missing maps with them
    for (const f of ins.add.fields) {
      let k = 0;
      // a key written empty is replaced by the maps made (insertFields' emptyKey)
      const into = (n: unknown) => isMap(n) || isSeq(n);
      while (k < f.at.length - 1 && into(copy.getIn(f.at.slice(0, k + 1), true))) k++;
      const map = (k === 0 ? copy.contents : copy.getIn(f.at.slice(0, k), true)) as YAMLMap;
      // a number makes a list of the one item named f.item
      const rest = f.at.slice(k + 1).reduceRight<unknown>((v, key) => (typeof key === 'number' ? [{ name: f.item, ...(v as object) }] : { [key]: v }), f.value);
      map.set(copy.createNode(f.at[k]), copy.createNode(rest));
    }
    return;
  }
  const container = copy.getIn(ins.path, true) as YAMLMap;
  const [key, items] = 'env' in ins.add ? ['env', ins.add.env] : ['args', ins.add.args];
  const list = container.get(key, true);
  if (isSeq(list)) list.items.push(...items.map((x) => copy.createNode(x)));
  else container.set(copy.createNode(key), copy.createNode(items));
}

/** After the list's last item, with the indentation of its `-`; block lists only. */
function appendPoint(text: string, list: YAMLSeq): { offset: number; indent: string } | undefined {
  if (list.flow || list.items.length === 0) return undefined;
  const last = list.items[list.items.length - 1] as { range?: [number, number, number] } | null;
  const first = list.items[0] as { range?: [number, number, number] } | null;
  if (!last?.range || !first?.range) return undefined;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const dash = /^( *)- +$/.exec(text.slice(lineStart, first.range[0]));
  return dash ? { offset: lineEnd(text, last.range[1]), indent: dash[1]! } : undefined;
}

/** A block node's range runs on to the next line's start: the insertion goes before that line end. */
function lineEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === ' ' || text[at - 1] === '\r')) at--;
  return at;
}

/** The column of the map's keys, as spaces (its first key starts a line, or follows a list's `- `). */
function keyIndent(text: string, map: YAMLMap): string | undefined {
  const start = map.range![0];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  return /^[ -]*$/.test(before) ? ' '.repeat(before.length) : undefined;
}

/**
 * The insertions that add string fields a resource leaves out (a CRD's default it would take, an
 * operator's override field): each goes into the deepest block map its path already has, the
 * missing maps written with it, several fields under one map in one insertion; under a key written
 * empty (`spec:` and nothing), the key's own lines. A field whose path meets a list, a flow or
 * empty `{}` map, or a value that is not a map is refused, with why.
 */
export function insertFields(text: string, doc: Document, fields: readonly AddedField[]): { insertions: Insertion[]; refused: Map<number, string> } {
  const refused = new Map<number, string>();
  const byAnchor = new Map<string, { path: (string | number)[]; empty: boolean; items: { i: number; rest: (string | number)[] }[] }>();
  fields.forEach((f, i) => {
    let k = 0;
    let node: unknown = doc.contents;
    while (k < f.at.length && (isMap(node) || isSeq(node)) && node.has(f.at[k])) node = node.get(f.at[k++], true);
    if (k === f.at.length) return refused.set(i, 'the field is there already');
    const rest = f.at.slice(k);
    const empty = k > 0 && emptyKey(text, node);
    if (!empty && !isMap(node)) return refused.set(i, `${pathText(f.at.slice(0, k))} is not a map`);
    if (isMap(node) && (node.flow || node.items.length === 0))
      return refused.set(i, `${pathText(f.at.slice(0, k)) || 'the document'} is written in flow style`);
    // a list made here holds the one item named f.item (index 0), after a key, before a field
    const made = (x: string | number, j: number) => typeof x === 'string' || (x === 0 && f.item !== undefined && j > 0 && j < rest.length - 1);
    if (!rest.every(made)) return refused.set(i, `a list on the way to ${pathText(f.at)} is not there`);
    const key = JSON.stringify(f.at.slice(0, k));
    const a = byAnchor.get(key) ?? { path: f.at.slice(0, k), empty, items: [] };
    a.items.push({ i, rest: rest as string[] });
    byAnchor.set(key, a);
  });
  const insertions: Insertion[] = [];
  for (const a of byAnchor.values()) {
    // an empty key's lines go right after its colon, one level under the map that holds it
    const map = (a.empty ? doc.getIn(a.path.slice(0, -1), true) : a.path.length === 0 ? doc.contents : doc.getIn(a.path, true)) as YAMLMap;
    const under = map.range ? keyIndent(text, map) : undefined;
    const indent = a.empty && under !== undefined ? `${under}  ` : under;
    const last = map.items[map.items.length - 1];
    const end = a.empty ? (doc.getIn(a.path, true) as Scalar).range![0] : (last?.value as { range?: [number, number, number] } | null)?.range?.[1];
    if (indent === undefined || end === undefined) {
      for (const it of a.items) refused.set(it.i, `${pathText(a.path) || 'the document'} has no block layout to add to`);
      continue;
    }
    const lines = treeLines(
      a.items.map((it) => ({ rest: it.rest, value: fields[it.i]!.value, item: fields[it.i]!.item })),
      indent,
    );
    const at = a.empty ? end : lineEnd(text, end);
    insertions.push({
      path: a.path,
      add: { fields: a.items.map((it) => fields[it.i]!) },
      splice: { start: at, end: at, text: lines.map((l) => `\n${l}`).join('') },
    });
  }
  return { insertions, refused };
}

/**
 * A key written with nothing after its colon on its line (`spec:` whose template's every `if` was
 * off): an empty map to fill, not a value to replace. Not `~`, `null`, `""` or a comment: those are
 * written as such.
 */
function emptyKey(text: string, node: unknown): boolean {
  if (!isScalar(node) || node.type !== 'PLAIN' || node.source !== '' || !node.range) return false;
  const at = node.range[0];
  return text[at - 1] === ':' && (at === text.length || text[at] === '\n' || text[at] === '\r');
}

const PLAIN_KEY = /^[A-Za-z_][\w.-]*$/;
const keyText = (k: string) => (PLAIN_KEY.test(k) ? k : JSON.stringify(k));
const pathText = (p: readonly (string | number)[]) => p.map(String).join('.');

/** The missing keys as block YAML lines: shared leading keys written once. */
function treeLines(items: readonly { rest: readonly (string | number)[]; value: string; item?: string }[], indent: string): string[] {
  const out: string[] = [];
  const heads = [...new Set(items.map((x) => x.rest[0]!))];
  for (const h of heads) {
    const under = items.filter((x) => x.rest[0] === h);
    const leaf = under.find((x) => x.rest.length === 1);
    if (leaf) {
      out.push(`${indent}${keyText(String(h))}: ${JSON.stringify(leaf.value)}`);
      continue;
    }
    const next = under.map((x) => ({ ...x, rest: x.rest.slice(1) }));
    // a list made with its one named item: `- name: X`, the item's fields under it
    const item = typeof next[0]?.rest[0] === 'number' ? next[0].item : undefined;
    if (item === undefined) out.push(`${indent}${keyText(String(h))}:`, ...treeLines(next, `${indent}  `));
    else
      out.push(
        `${indent}${keyText(String(h))}:`,
        `${indent}- name: ${JSON.stringify(item)}`,
        ...treeLines(
          next.filter((x) => x.item === item).map((x) => ({ ...x, rest: x.rest.slice(1) })),
          `${indent}  `,
        ),
      );
  }
  return out;
}
