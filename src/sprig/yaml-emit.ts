// YAML output as Helm's toYaml (sigs.k8s.io/yaml: JSON round trip, then go-yaml v2) and
// toYamlPretty (go-yaml v3, indent 2) print the template value model.
import { formatFloat, isMap, isNil } from '../template/value.js';
import { jsonTree, type JsonNode } from './json.js';
import { yamlString } from './yaml-scalar.js';
import { isAsciiText } from '../util/ascii.js';

// ASCII fast paths: key sorting runs these for every character compared.
const isLetter = (c: string): boolean => {
  const x = c.charCodeAt(0) | 32;
  return c.charCodeAt(0) < 128 ? x >= 97 && x <= 122 : /\p{L}/u.test(c);
};
const isDigit = (c: string | undefined): boolean => {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  return x < 128 ? x >= 48 && x <= 57 : /\p{Nd}/u.test(c);
};

/** go-yaml's key order (keyList.Less): letters after other characters, digit runs by value. */
export function yamlKeyCompare(a: string, b: string, v3 = false): number {
  return compareKeyRunes(runes(a), runes(b), v3);
}

// By character (rune): an ASCII key indexes as it is, any other is split (the split of every key
// at every comparison was most of what sorting a map's keys allocated).
const runes = (s: string): ArrayLike<string> => (isAsciiText(s) ? s : [...s]);

/** keyList.Less over two keys' characters. */
export function compareKeyRunes(ar: ArrayLike<string>, br: ArrayLike<string>, v3 = false): number {
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
    // v3: after a shared digit, a letter sorts first ("1a" < "1-").
    if (al || bl) return (v3 && digits ? al : bl) ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) if (ar[j] !== '0') ((an = 1n), (bn = 1n), (j = -1));
    }
    let ai = i;
    let bi = i;
    for (; isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    for (; isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai - bi;
    return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
  }
  return ar.length - br.length;
}

type Node = { scalar: string } | { str: string } | Node[] | { entries: [string, Node][] };

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** go-yaml's float text: strconv 'g' formatting with YAML's spellings of the specials. */
function yamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  return formatFloat(f);
}

/** A JSON number as go-yaml v2 reads and re-prints it: integer literals stay, others are floats. */
function fromJsonNumber(text: string): string {
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= -INT64_MAX - 1n && n <= UINT64_MAX) return text;
  }
  return yamlFloat(Number(text));
}

/** sigs.k8s.io/yaml: the value goes through encoding/json first. */
function fromJson(j: JsonNode): Node {
  if (j === null) return { scalar: 'null' };
  if (typeof j === 'boolean') return { scalar: String(j) };
  if (typeof j === 'string') return { str: j };
  if (Array.isArray(j)) return j.map(fromJson);
  if ('num' in j) return { scalar: fromJsonNumber(j.num) };
  const entries = j.entries.map(([k, v]): [string, Node] => [k, fromJson(v)]);
  return { entries: entries.sort((x, y) => yamlKeyCompare(x[0], y[0])) };
}

/** go-yaml v3 encodes Go values directly: float64 keeps its 'g' text (1e+06). */
function direct(v: unknown): Node {
  if (isNil(v)) return { scalar: 'null' };
  switch (typeof v) {
    case 'boolean':
      return { scalar: String(v) };
    case 'bigint':
      return { scalar: v.toString() };
    case 'number':
      return { scalar: yamlFloat(v) };
    case 'string':
      return { str: v };
  }
  if (Array.isArray(v)) return v.map(direct);
  if (isMap(v))
    return {
      entries: Object.keys(v)
        .sort((x, y) => yamlKeyCompare(x, y, true))
        .map((k) => [k, direct(v[k])]),
    };
  return fromJson(jsonTree(v));
}

interface Style {
  v3: boolean;
}

const isEntries = (n: Node): n is { entries: [string, Node][] } => !Array.isArray(n) && 'entries' in n;

function scalarText(n: { scalar: string } | { str: string }, column: number, indent: number, st: Style): string {
  if ('scalar' in n) return n.scalar;
  return yamlString(n.str, { column, indent, key: false, v3: st.v3 });
}

function valueAfterKey(head: string, v: Node, n: number, st: Style): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return head + ': []\n';
    return head + ':\n' + seq(v, st.v3 ? n + 2 : n, false, st);
  }
  if (isEntries(v)) {
    if (v.entries.length === 0) return head + ': {}\n';
    return head + ':\n' + mapping(v.entries, n + 2, false, st);
  }
  return head + ': ' + scalarText(v, head.length + 2, n + 2, st) + '\n';
}

function mapping(entries: [string, Node][], n: number, inline: boolean, st: Style): string {
  return entries
    .map(([k, v], i) => {
      const pad = i === 0 && inline ? '' : ' '.repeat(n);
      const key = yamlString(k, { column: n, indent: n, key: true, v3: st.v3 });
      // Column math for folding counts from the line start, so measure with the pad.
      return pad + valueAfterKey(' '.repeat(n) + key, v, n, st).slice(n);
    })
    .join('');
}

function seq(items: Node[], n: number, inline: boolean, st: Style): string {
  return items
    .map((v, i) => {
      const pad = (i === 0 && inline ? '' : ' '.repeat(n)) + '- ';
      if (Array.isArray(v)) return pad + (v.length ? seq(v, n + 2, true, st) : '[]\n');
      if (isEntries(v)) return pad + (v.entries.length ? mapping(v.entries, n + 2, true, st) : '{}\n');
      return pad + scalarText(v, n + 2, n + 2, st) + '\n';
    })
    .join('');
}

function document(root: Node, st: Style): string {
  if (Array.isArray(root)) return root.length ? seq(root, 0, false, st) : '[]\n';
  if (isEntries(root)) return root.entries.length ? mapping(root.entries, 0, false, st) : '{}\n';
  return scalarText(root, 0, 2, st) + '\n';
}

// Tables of values shared between renders are frozen whole and never change
// (helm/values/shared-defaults.ts): their YAML is made once. Discovery renders a chart's defaults
// dozens of times, and charts print many of them whole (resources, affinity, annotations).
const sharedYaml = new WeakMap<object, string>();

/** yaml.Marshal from sigs.k8s.io/yaml (keeps the trailing newline; Helm's toYaml trims it). */
export function marshalYamlV2(v: unknown): string {
  if (typeof v !== 'object' || v === null || Object.isExtensible(v)) return document(fromJson(jsonTree(v)), { v3: false });
  let text = sharedYaml.get(v);
  if (text === undefined) sharedYaml.set(v, (text = document(fromJson(jsonTree(v)), { v3: false })));
  return text;
}

/** go-yaml v3 Encoder with SetIndent(2). */
export function marshalYamlV3(v: unknown): string {
  return document(direct(v), { v3: true });
}
