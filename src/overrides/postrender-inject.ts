// The post-renderer's reach to an operator's built-in defaults (discover/operator-defaults.ts):
// no manifest names those images, so no text holds them to rewrite; the operator's own override
// setting does, once set. This inserts that env var (or flag) into the operator's container,
// pointed at the target, as text in the container's block `env:` (or `args:`) list, so the rest
// of the document stays byte for byte; the post-renderer re-parses and compares as for any edit.
// A container written in flow style, or a flag where the container has no `args:` list, is left
// alone (the caller says so).

import { isMap, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Splice } from './postrender-splice.js';

/** Env vars to add to a container's env list, or flags (`--flag=VALUE`) to its args. */
export type Additions = { env: { name: string; value: string }[] } | { args: string[] };

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
