// YAML as Helm reads it: sigs.k8s.io/yaml, i.e. go-yaml v2 scalar resolution (YAML 1.1 bools
// such as yes/on/y, 0777 octal, 0x/0o/0b, underscores, timestamps kept as strings, merge keys)
// followed by a JSON round trip, so every number is a float64 (JS number) and every map key a
// string (`on:` becomes "true", as Helm shows it). Errors name the file and line.

import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { ChartError } from '../../util/errors.js';
import { readAsGoYaml } from '../../sprig/go-yaml-text.js';
import { chompAtEndOfInput, NON_FINITE, goRefusal, goUnmarshalEnd } from '../../sprig/go-yaml-refusals.js';
import { NO_DOCUMENT, readPlainYaml } from './yaml-fast.js';
import { formatFloat } from '../../template/value.js';
import { mapSet } from '../../sprig/dicts.js';
import { AliasBudget, checkJson, goSyntax, resolveAlias, resolvePlain, taggedScalar } from '../../sprig/yaml-parse.js';
import type { Values } from '../engine/render-types.js';

/** A go-yaml v2 plain scalar, resolved then JSON round-tripped (src/sprig's resolver, shared). */
export const resolvePlainScalar = resolvePlain;

/** Sets a key on a Go map even when it is "__proto__" (src/sprig's mapSet, shared). */
export const setKey = mapSet;

type Tagged = { tag?: string | null };

function scalarValue(node: Node & Tagged): unknown {
  const s = node as unknown as { value: unknown; type?: string; source?: string };
  // a value the parser decoded (!!binary's bytes) is read from its source, as go-yaml decodes it
  const text = typeof s.value === 'string' ? s.value : typeof s.source === 'string' ? s.source : String(s.value ?? '');
  return taggedScalar(node.tag, text, s.type === 'PLAIN');
}

function keyString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v);
  if (v === null) return 'null';
  return String(v);
}

interface AliasState {
  budget: AliasBudget;
  depth: number;
}

/** Converts a yaml AST node to a Go (JSON round-tripped) value; aliases expand within a budget. */
export function toGoValue(node: unknown, doc: Document, aliases: AliasState = { budget: new AliasBudget('yaml'), depth: 0 }): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    aliases.depth++;
    try {
      return toGoValue(resolveAlias(node, doc), doc, aliases);
    } finally {
      aliases.depth--;
    }
  }
  if (aliases.depth > 0) aliases.budget.charge();
  if (isScalar(node)) return scalarValue(node as Node & Tagged);
  if (isSeq(node)) return node.items.map((i) => toGoValue(i, doc, aliases));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const k = pair.key;
      if (isMap(k) || isSeq(k)) throw new Error(`invalid map key: ${goSyntax(toGoValue(k, doc, aliases))}`);
      if (isScalar(k) && k.value === '<<' && (k as unknown as { type?: string }).type === 'PLAIN') {
        merges.push(toGoValue(pair.value, doc, aliases));
        continue;
      }
      setKey(out, keyString(toGoValue(k, doc, aliases)), toGoValue(pair.value, doc, aliases));
    }
    return merges.length ? applyMerges(out, merges) : out;
  }
  return null;
}

function applyMerges(own: Record<string, unknown>, merges: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sources = merges.flatMap((m) => (Array.isArray(m) ? m : [m]));
  for (const src of sources) {
    if (src && typeof src === 'object' && !Array.isArray(src)) {
      for (const [k, v] of Object.entries(src)) if (!(k in out)) setKey(out, k, v);
    }
  }
  for (const [k, v] of Object.entries(own)) setKey(out, k, v);
  return out;
}

export class YamlError extends ChartError {
  constructor(
    file: string,
    line: number | undefined,
    reason: string,
    hint = `fix the YAML syntax in ${file}`,
    /** True when the text is Go's YAML and only a limit of ours stops the reading: Helm reads it. */
    readonly helmReads = false,
  ) {
    super(`${file}${line ? `: line ${line}` : ''}: ${reason}`, { code: 'ERR_YAML', hint });
  }
}

// The YAML parser recurses per nesting level; past about 800 levels the stack ends. Helm reads
// deeper documents: say it is our limit, not the file's fault.
const TOO_DEEP = 'nested too deeply to read (over about 800 levels: a limit of helm-airgap; Helm reads it)';
const tooDeep = (file: string, line?: number) =>
  new YamlError(file, line, TOO_DEEP, `flatten the nesting in ${file} (images and template can render through real Helm: --renderer helm)`, true);

const MAX_NESTING = 800;

/**
 * How deep a YAML text nests, cheaply and from above: flow brackets open at once, and block
 * levels (indentation deeper than the line above, and `- ` items opened on one line); and the
 * first line that goes past `limit` levels.
 */
export function nestingDepth(text: string, limit = Infinity): { depth: number; lineFirstPast?: number } {
  let flow = 0;
  let most = 0;
  let line = 1;
  let lineFirstPast: number | undefined;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lineFirstPast === undefined && most > limit) lineFirstPast = line;
    if (c === 10) {
      line++;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32) {
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== 35) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        let dashes = 0;
        for (let j = i; text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 32; j += 2) dashes++;
        most = Math.max(most, indents.length + dashes + flow);
      }
    }
    if (c === 91 || c === 123) most = Math.max(most, indents.length + ++flow);
    else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  if (lineFirstPast === undefined && most > limit) lineFirstPast = line;
  return { depth: most, lineFirstPast };
}

function readDocuments(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false });
  return Array.isArray(docs) ? docs : [];
}

/** Every document of a YAML stream as Go values; `file` names the source in errors. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  const plain = readPlainYaml(text);
  const docs = plain === NO_DOCUMENT ? [] : plain !== undefined ? [plain] : parseYamlDocumentsFully(text, file);
  // Helm converts YAML to JSON, which has no infinities or NaN
  if (NON_FINITE.test(text)) {
    try {
      docs.forEach(checkJson);
    } catch (e) {
      throw new YamlError(file, undefined, (e as Error).message.replace('error converting YAML to JSON: ', ''));
    }
  }
  return docs;
}

/**
 * The first document as go-yaml's Unmarshal reads it (a rendered manifest, as Helm reads each):
 * past a root flow collection or quoted scalar nothing more is read (goUnmarshalEnd).
 */
export function parseYamlFirstDocument(text: string, file: string): unknown {
  try {
    return parseYamlDocuments(text, file)[0];
  } catch (e) {
    const first = e instanceof YamlError ? readDocuments(text)[0] : undefined;
    const end = first && goUnmarshalEnd(first, text);
    if (end === undefined) throw e;
    return parseYamlDocuments(text.slice(0, end), file)[0];
  }
}

/** parseYamlDocuments without the plain-shape reader (yaml-fast.ts): its tests compare the two. */
export function parseYamlDocumentsFully(text: string, file: string): unknown[] {
  // refused before the parser builds hundreds of MiB of nodes for a document it cannot finish
  if (text.length > MAX_NESTING * 2) {
    const { depth, lineFirstPast } = nestingDepth(text, MAX_NESTING);
    if (depth > MAX_NESTING) throw tooDeep(file, lineFirstPast);
  }
  // go-yaml reads continuation lines at or left of their key's indentation; `yaml` does not
  const read = readAsGoYaml(text, readDocuments);
  const list = read.docs;
  text = read.text;
  const out: unknown[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err?.message.startsWith('Maximum call stack size exceeded')) throw tooDeep(file);
    if (err) throw new YamlError(file, err.linePos?.[0].line, err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
    const refused = goRefusal(doc, text);
    if (refused) throw new YamlError(file, refused.line, refused.reason);
    if (doc === list.at(-1)) chompAtEndOfInput(doc, text);
    try {
      out.push(toGoValue(doc.contents, doc, { budget: new AliasBudget(file), depth: 0 }));
    } catch (e) {
      if (e instanceof RangeError) throw tooDeep(file);
      throw new YamlError(file, undefined, (e as Error).message.replace(`${file}: `, ''));
    }
  }
  return out;
}

/** A values file: Helm 4 merges every document of the stream in order (later keys win). */
export function parseValuesYaml(text: string, file: string): Values {
  let out: Values = {};
  for (const doc of parseYamlDocuments(text, file)) {
    if (doc === null) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new YamlError(file, undefined, `cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc} into a map`);
    }
    out = mergeMaps(out, doc as Values);
  }
  return out;
}

/** Helm's mergeMaps for -f files: maps merge recursively, anything else replaces. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = {};
  const aKeys = Object.keys(a);
  for (let i = 0; i < aKeys.length; i++) setKey(out, aKeys[i]!, a[aKeys[i]!]);
  const bKeys = Object.keys(b);
  for (let i = 0; i < bKeys.length; i++) {
    const k = bKeys[i]!;
    const v = b[k];
    const cur = out[k];
    if (isGoMap(v) && isGoMap(cur) && Object.prototype.hasOwnProperty.call(out, k)) setKey(out, k, mergeMaps(cur, v));
    else setKey(out, k, v);
  }
  return out;
}

export function isGoMap(v: unknown): v is Values {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
  );
}
