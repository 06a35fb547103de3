// Text a ConfigMap or Secret carries read as data: YAML or JSON, a stream of manifests read whole
// (its CustomResourceDefinitions left out past a size), template actions masked, each text parsed
// once.
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { TextMemo } from '../../util/text-memo.js';

const MAX_STRUCTURED = 1 << 20;

/** The syntax parseStructured read a text in (a JSON text is YAML too, but says JSON to a user). */
export const structuredKind = (text: string): string => (/^\s*[[{]/.test(text) ? 'json' : 'yaml');

// not a reference character, and nothing YAML reads as an indicator at the start of a line
const TEMPLATE_MARK = 'T{}T';

/**
 * The text as discovery reads it when it holds `{{`: as written when every `{{` sits inside a
 * string of the YAML/JSON it parses as (another program's placeholders in a config's values:
 * KubeSpawner's `'{{JUPYTER_IMAGE_SPEC}}'`, Jinja's `{{ ds }}`, Handlebars' `{{depName}}`, an alert
 * template in a values dump), since then the text's structure is its own and each image keeps its
 * place in it; else as Go-template text whose actions shape the document (a sidecar injector's pod
 * template: `{{- if }}` lines, `args: {{ toJSON .Args }}`), with them taken out. The check is
 * the parse discovery makes anyway (kept by its text), and only on texts holding `{{`.
 */
export function placeholderText(text: string): string {
  return !text.includes('{{') || readAsWritten(text) ? text : withoutActions(text);
}

/** Every `{{` of the text sits in a string of what it parses as (placeholderText says why). */
export function readAsWritten(text: string): boolean {
  const tree = parseStructured(text);
  return tree !== undefined && countIn(tree) === count(text);
}

const count = (s: string): number => s.split('{{').length - 1;

/** The `{{` of the strings (keys and values) of a parsed tree: YAML reads a structural `{{ x }}` as a flow map, no string. */
function countIn(v: unknown): number {
  if (typeof v === 'string') return count(v);
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += countIn(x);
  else for (const [k, x] of Object.entries(v)) n += count(k) + countIn(x);
  return n;
}

export function withoutActions(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*\{\{[\s\S]*\}\}\s*$/.test(line) || /\}\}[^{]*\{\{/.test(line))
    .join('\n')
    .replace(/\{\{[\s\S]*?\}\}/g, TEMPLATE_MARK);
}

// A chart's configs come out of every render of discovery and of values' proofs, most of them the
// same text (or, in one render, the same one-line JSON read twice: first to see that it is
// structured, then walked): each text is parsed once. The values are only read (the walk copies
// what it changes); null: not a structured text.
const STRUCTURED = new TextMemo<object | null>(16 * 1024 * 1024);

/**
 * The text is YAML or JSON without a syntax error (parseStructured is lenient: a config with a
 * stray line still reads). A template in another language (CUE's `x: *"a" | string`, tabs for
 * indentation) is not.
 */
export function isDocumentText(text: string): boolean {
  if (text.length > MAX_STRUCTURED) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return parseAllDocuments(text, { uniqueKeys: false, logLevel: 'silent' }).every((d) => d.errors.length === 0);
  }
}

export function parseStructured(text: string): object | undefined {
  if (text.length > MAX_STRUCTURED || (!text.includes('\n') && !/^\s*[[{]/.test(text))) return undefined;
  return STRUCTURED.of(text, (t) => parseStructuredAnew(t) ?? null) ?? undefined;
}

function parseStructuredAnew(text: string): object | undefined {
  // a stream of several documents (the manifests a controller applies) is read whole: parse
  // alone reads the first one and drops the rest without an error
  const separators = text.match(/^---/gm)?.length ?? 0;
  if (separators > (/^\s*---/.test(text) ? 1 : 0)) {
    const docs = streamDocuments(text);
    if (docs && docs.length > 1) return docs;
  }
  try {
    const v: unknown = /^\s*[[{]/.test(text) ? JSON.parse(text) : parseYaml(text, { uniqueKeys: false, logLevel: 'silent' });
    return v !== null && typeof v === 'object' ? v : undefined;
  } catch {
    // a bracketed header first that is no JSON (TOML's `[[runners]]`, an INI `[section]`): YAML
    // reads it as a flow sequence and silently drops every line after it, so it is read by lines
    if (tableHeaderFirst(text)) return undefined;
    try {
      const v: unknown = parseYaml(text, { uniqueKeys: false, logLevel: 'silent' });
      return v !== null && typeof v === 'object' ? v : undefined;
    } catch {
      return /^---/m.test(text) ? documents(text) : undefined;
    }
  }
}

/** The first line is a TOML/INI table header (`[a.b]`, `[[a]]`) that YAML would not read whole. */
function tableHeaderFirst(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0]!;
  return /^\[\[?[\w.\-" ]+\]\]?\s*(?:#.*)?$/.test(first) && !isDocumentText(text);
}

const SEPARATOR = /^---[^\S\n]*(?:#.*)?$/m;

/**
 * A stream of manifests a controller applies, too large to read as a document, with each
 * CustomResourceDefinition an empty document in its place (the index is the path's first segment,
 * which the post-renderer's edit follows): a CRD is a schema, no workload, and a provider's
 * components carry a dozen, 95% of 1.1 MB, whose parse took 6 s, and past the size read line by
 * line, 82,000 candidates, for one image in the Deployment beside them. A smaller stream is read
 * whole, its schemas' strings audited (rejected with the reason).
 */
export function withoutSchemas(text: string, keepOffsets = false): string {
  if (text.length <= MAX_STRUCTURED || !/^kind:\s*["']?CustomResourceDefinition/m.test(text)) return text;
  const starts = [0];
  for (const m of text.matchAll(/^---[^\S\n]*(?:#.*)?$/gm)) if (m.index > 0) starts.push(m.index);
  if (starts.length < 2) return text;
  const crd = /^kind:\s*["']?CustomResourceDefinition["']?\s*$/m;
  // keepOffsets: blanked in place (`{}`, then spaces to the same length, line ends kept), so an
  // edit found in this text splices into the original (the post-renderer's)
  const blank = (body: string) => (keepOffsets ? `{}${body.slice(2).replace(/[^\n]/g, ' ')}` : '{}\n');
  return starts
    .map((at, i) => {
      const piece = text.slice(at, starts[i + 1]);
      if (!crd.test(piece)) return piece;
      const head = /^---.*\n/.exec(piece)?.[0] ?? '';
      return head + blank(piece.slice(head.length));
    })
    .join('');
}

/** A stream of several documents, each in its place (the index is the path's first segment). */
function streamDocuments(text: string): object[] | undefined {
  const list: object[] = [];
  for (const piece of text.split(SEPARATOR)) {
    if (!/\S/.test(piece.replace(/^\s*#.*$/gm, ''))) continue;
    const docs = parseAllDocuments(piece, { uniqueKeys: false, logLevel: 'silent' });
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
    const v: unknown = docs[0]!.toJS();
    if (v !== null && typeof v === 'object') list.push(v);
  }
  return list;
}

/** A YAML stream of several documents (CRDs a hook Job applies) as a list of them, when each reads. */
function documents(text: string): object | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: false, logLevel: 'silent' });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  const list = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && typeof v === 'object');
  return list.length > 0 ? list : undefined;
}
