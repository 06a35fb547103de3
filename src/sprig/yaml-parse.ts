// yaml.Unmarshal from sigs.k8s.io/yaml into interface{}: go-yaml v2 (YAML 1.1) resolution of
// plain scalars ("yes" is true, "n" is false, 0777 is octal, timestamps stay strings), keys
// made strings, merge keys, first document only; then JSON, so every number is a float64.
import { Alias, isAlias, isMap as isYamlMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { formatFloat } from '../template/value.js';
import { parseGoInt } from './cast.js';
import { deepCopy, mapSet } from './dicts.js';
import { TextMemo } from '../util/text-memo.js';
import { goYamlText, readsOtherwise } from './go-yaml-text.js';
import { chompAtEndOfInput, goUnmarshalEnd, goRefusal } from './go-yaml-refusals.js';

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
/** The first letters of go-yaml v2's null and bool words (null, yes/no, y/n, true/false, on/off). */
const STARTS_WORD = 'nNyYtTfFoO';
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INFINITY = /^[-+]?\.(inf|Inf|INF)$/;
const NAN = /^\.(nan|NaN|NAN)$/;
const NUMBER_START = /^[-+.0-9]/;

/** go-yaml v2's resolve() for an untagged plain scalar. */
export function resolvePlain(s: string): unknown {
  // most scalars of a manifest (kinds, names, labels, images) begin with a letter that starts no
  // null, bool, number, infinity or NaN: a string, with no set or pattern tried
  const c = s.charCodeAt(0) | 0x20;
  if (c >= 0x61 && c <= 0x7a && !STARTS_WORD.includes(s[0]!)) return s;
  if (NULLS.has(s)) return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  // an infinity or NaN has its dot first or after a sign: other scalars try no pattern for them
  if (s[0] === '.' || s[1] === '.') {
    if (INFINITY.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (NAN.test(s)) return NaN;
  }
  if (NUMBER_START.test(s)) {
    const plain = s.replace(/_/g, '');
    const i = parseGoInt(plain);
    if (i !== undefined) return Number(i);
    const u = parseGoUint(plain);
    if (u !== undefined) return Number(u);
    if (YAML_FLOAT.test(plain)) return Number(plain);
  }
  return s;
}

/** strconv.ParseUint(s, 0, 64). */
function parseGoUint(s: string): bigint | undefined {
  const t = s.startsWith('+') ? s.slice(1) : s;
  let n: bigint;
  if (/^0[xX][0-9a-fA-F]+$|^0[bB][01]+$|^0[oO][0-7]+$|^[1-9]\d*$|^0$/.test(t)) n = BigInt(t.replace(/^0[xXbBoO]/, (p) => p.toLowerCase()));
  else if (/^0[0-7]+$/.test(t)) n = BigInt('0o' + t.slice(1));
  else return undefined;
  return n < 1n << 64n ? n : undefined;
}

const CORE = 'tag:yaml.org,2002:';

/**
 * go-yaml v2's reading of a scalar by its tag (resolvableTag): `!!str` keeps the text, the other
 * core scalar tags and none resolve it as a plain scalar (quoted text only when a tag asks), and
 * any other tag (a local `!custom`, `!!map` on a scalar, the non-specific `!`) keeps the text:
 * `!custom yes` is "yes", not true. A core tag the text does not resolve to is refused, as go-yaml
 * refuses it ("cannot decode !!str `x` as a !!int"): Helm fails such a document.
 */
export function taggedScalar(tag: string | null | undefined, text: string, plain: boolean): unknown {
  if (!tag) return plain ? resolvePlain(text) : text;
  const want = tag.startsWith(CORE) ? tag.slice(CORE.length) : undefined;
  if (want === 'binary') return binaryText(text);
  if (want !== 'int' && want !== 'float' && want !== 'bool' && want !== 'null') return want === 'timestamp' ? resolvePlain(text) : text;
  const v = resolvePlain(text);
  const got = v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'str' : isIntText(text) ? 'int' : 'float';
  if (got !== want && !(want === 'float' && got === 'int')) throw new Error(`cannot decode !!${got} \`${text}\` as a !!${want}`);
  return v;
}

/** `!!binary`: base64 (line breaks aside, as Go's decoder skips them) to the string of its bytes. */
function binaryText(text: string): string {
  const b64 = text.replace(/[\r\n]/g, '');
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('!!binary value contains invalid base64 data');
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** A number's text that go-yaml resolves as an int (`0x1e`, `-12`, `0o17`), not a float (`1.5`, `1e3`, `.inf`). */
const isIntText = (t: string): boolean => /^[-+]?0[xXoObB]/.test(t) || !/[.eEnN]/.test(t);

/**
 * The one rule against alias bombs ("billion laughs": a few hundred bytes that expand to billions
 * of nodes) for every YAML we turn into values (values files, fromYaml, manifests): expanding an
 * alias costs its size, and a document may not expand past this many nodes through aliases. Real
 * values files stay orders of magnitude below it; Helm (go-yaml) refuses the same inputs with
 * "document contains excessive aliasing".
 */
export const MAX_ALIAS_EXPANSION = 100_000;

export class AliasBudget {
  private spent = 0;
  constructor(
    private readonly what: string,
    private readonly limit = MAX_ALIAS_EXPANSION,
  ) {}
  /** Counts one node reached through an alias; throws past the limit. */
  charge(): void {
    if (++this.spent > this.limit) throw new Error(`${this.what}: yaml: document contains excessive aliasing (over ${this.limit} nodes through aliases)`);
  }
}

/** The node an alias names; go-yaml refuses an alias to no anchor before it ("unknown anchor"). */
export function resolveAlias(a: Alias, doc: Document): Node {
  const n = a.resolve(doc) as Node | undefined;
  if (n === undefined) throw new Error(`unknown anchor '${a.source}' referenced`);
  return n;
}

class Converter {
  private readonly aliases = new AliasBudget('fromYaml');
  private viaAlias = 0;
  constructor(private readonly doc: Document) {}

  value(n: Node | null | undefined): unknown {
    if (n === null || n === undefined) return null;
    if (isAlias(n)) {
      this.viaAlias++;
      try {
        return this.value(resolveAlias(n as Alias, this.doc));
      } finally {
        this.viaAlias--;
      }
    }
    if (this.viaAlias > 0) this.aliases.charge();
    if (isScalar(n)) {
      const src = typeof n.source === 'string' ? n.source : String(n.value ?? '');
      return taggedScalar(n.tag, src, n.type === 'PLAIN');
    }
    if (isSeq(n)) return n.items.map((x) => this.value(x as Node));
    if (isYamlMap(n)) return this.mapping(n.items as { key: unknown; value: unknown }[]);
    return null;
  }

  mapping(items: { key: unknown; value: unknown }[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    for (const { key, value } of items) {
      if (isSeq(key) || isYamlMap(key)) throw new Error(`error converting YAML to JSON: yaml: invalid map key: ${goSyntax(this.value(key))}`);
      if (isScalar(key) && key.type === 'PLAIN' && key.source === '<<') {
        const m = this.value(value as Node);
        for (const x of Array.isArray(m) ? m : [m]) if (x && typeof x === 'object') merged.push(x as Record<string, unknown>);
        continue;
      }
      mapSet(out, keyString(this.value(key as Node)), this.value(value as Node));
    }
    for (const m of merged) for (const k of Object.keys(m)) if (!(k in out)) mapSet(out, k, m[k]);
    return out;
  }
}

/** A key go-yaml cannot use as a map key, as its error prints it (fmt's %#v of the decoded value). */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[interface {}]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goSyntax(x)}`).join(', ')}}`;
  }
  return String(v);
}

function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return Number.isInteger(k) && Math.abs(k) < 1e21 ? String(k) : formatFloat(k);
  if (k === null) return 'null';
  return String(k);
}

/** Reject what encoding/json cannot carry (sigs.k8s.io/yaml converts through JSON). */
export function checkJson(v: unknown): void {
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new Error(`error converting YAML to JSON: json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  }
  if (Array.isArray(v)) v.forEach(checkJson);
  else if (v && typeof v === 'object') Object.values(v).forEach(checkJson);
}

/**
 * Texts fromYaml already converted: a helper such as Bitnami's tplvalues turns the same values
 * into YAML and back on every render, and a search renders a chart many times (the YAML parse was
 * 7% of such a search). Templates may change what they get (set, unset, merge), so each caller
 * gets its own copy. Failures are not kept: they are rare and carry their own message.
 */
const PARSED_YAML = new TextMemo<unknown>(32 * 1024 * 1024);

/** Parse the first YAML document into the template value model (numbers as float64). */
export function parseYamlValue(text: string): unknown {
  const known = PARSED_YAML.get(text);
  if (known !== undefined) return deepCopy(known);
  const v = convertYamlValue(text);
  PARSED_YAML.set(text, deepCopy(v));
  return v;
}

function firstDocument(text: string): Document.Parsed | undefined {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, schema: 'failsafe', strict: false });
  return (Array.isArray(docs) ? docs : [])[0];
}

/** What taggedScalar and resolveAlias refuse, as go-yaml words it. */
const GO_REFUSALS = /^(cannot decode|unknown anchor|!!binary)/;

function convertYamlValue(text: string): unknown {
  let doc = firstDocument(text);
  // go-yaml reads continuation lines at or left of their key; the `yaml` parser does not
  if (doc && (doc.errors.length > 0 || readsOtherwise(text))) {
    const fixed = goYamlText(text);
    if (fixed !== text) [doc, text] = [firstDocument(fixed), fixed];
  }
  if (!doc) return null;
  const err = doc.errors[0];
  const end = err ? goUnmarshalEnd(doc, text) : undefined;
  if (end !== undefined) return convertYamlValue(text.slice(0, end));
  if (err) {
    const line = err.linePos?.[0]?.line ?? 1;
    const msg = err.message
      .split('\n')[0]!
      .replace(/ at line \d+, column \d+.*$/, '')
      .replace(/^./, (c) => c.toLowerCase());
    throw new Error(`error converting YAML to JSON: yaml: line ${line}: ${msg}`);
  }
  const refused = goRefusal(doc, text);
  if (refused) throw new Error(`error converting YAML to JSON: yaml: line ${refused.line}: ${refused.reason}`);
  chompAtEndOfInput(doc, text);
  let v: unknown;
  try {
    v = new Converter(doc).value(doc.contents as Node | null);
  } catch (e) {
    const m = (e as Error).message;
    throw GO_REFUSALS.test(m) ? new Error(`error converting YAML to JSON: yaml: ${m}`) : e;
  }
  checkJson(v);
  return v;
}

const goKind = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;

/** yaml.Unmarshal into map[string]interface{} or []interface{}, with Go's error texts. */
export function parseYamlAs(text: string, want: 'map' | 'array'): unknown {
  const v = parseYamlValue(text);
  if (v === null) return want === 'map' ? {} : [];
  const ok = want === 'map' ? goKind(v) === 'object' : Array.isArray(v);
  if (!ok) {
    const target = want === 'map' ? 'map[string]interface {}' : '[]interface {}';
    throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goKind(v)} into Go value of type ${target}`);
  }
  return v;
}
