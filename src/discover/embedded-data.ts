// References inside text that a ConfigMap carries: embedded YAML/JSON documents, properties or
// env files (key=value, key: value), or a single value whose data key names an image.

import { gunzipSync } from 'node:zlib';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { formatPath, type PathSegment } from './field-path.js';
import { imageMapEntryHint, nameHint, offBeside, offFlag, type Candidate } from './site-rules.js';
import { stripMarkers } from './value-markers.js';
import { composeSiblingFields } from './sibling-fields.js';
import { TextMemo } from '../util/text-memo.js';
import type { ComposedField, DataComposition, DataLevel } from './image-site.js';
import { innerScope, namedUnderPrefix, withHub, withPrefix, type HubScope } from './registry-scope.js';
import { composeRepositoryTag, isRepositoryImageBlock, nameAsRepository, nameUnderRepository } from './repository-blocks.js';

const MAX_STRUCTURED = 1 << 20;

/**
 * Candidates in one data entry; `path` is the entry's path in the ConfigMap (data["key"]), `at`
 * the decodings the text went through to get here (['base64']), named in each candidate's suffix.
 */
export function embeddedCandidates(text: string, dataKey: string, path: readonly PathSegment[], at: PathSegment[] = []): Candidate[] {
  const enc = at.filter((s): s is string => s === 'base64' || s === 'gzip');
  if (!text.includes('\n')) {
    const structured = parseStructured(text);
    if (structured === undefined)
      return [{ raw: text.trim(), path, hint: nameHint(dataKey), ...(at.length ? { suffix: ` > ${formatPath(at)}`, encodings: enc } : {}) }];
  }
  const out: Candidate[] = [];
  textCandidates(text, at, out, path, 0, enc, level([], at.includes('base64'), at.length, at.includes('gzip')));
  return out;
}

/**
 * Where the walk is in the data, for each candidate's composition (image-site.ts): the levels of
 * text passed on the way in, whether this level's text was base64, and where in `at` its document
 * begins. Absent where the text read is not the text written (Go-template actions taken out).
 */
interface Level {
  done: readonly DataLevel[];
  base64: boolean;
  /** The base64 held gzip-compressed text. */
  gzip?: boolean;
  root: number;
  /** `done` and this level: what each composition found here shares. */
  levels: readonly DataLevel[];
}

function level(done: readonly DataLevel[], base64: boolean, root: number, gzip = false): Level {
  const packed = gzip ? { gzip: true as const } : {};
  return { done, base64, ...packed, root, levels: [...done, { base64, ...packed, at: [] }] };
}

/** The level of a text met at `at` (base64 of one when `base64`). */
function inner(l: Level | undefined, at: readonly PathSegment[], base64: boolean): Level | undefined {
  return l && level([...l.done, { base64: l.base64, ...(l.gzip ? { gzip: true } : {}), at: at.slice(l.root) }], base64, at.length + (base64 ? 1 : 0));
}

/** A candidate's composition: its fields, at paths relative to the level's document. */
function composition(l: Level | undefined, fields: readonly ComposedField[] | undefined): { composition?: DataComposition } {
  return l && fields ? { composition: { levels: l.levels, fields } } : {};
}

/** Decoded data past this many bytes is not read (a bundled binary, not a config). */
const MAX_DECODED = 1 << 20;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text a base64 string encodes (a Secret's data, a ConfigMap's binaryData, a values tree
 * b64enc'd into a field), or undefined when it is not base64 of UTF-8 text: binary content (a
 * keystore, a certificate's DER) has nothing discovery reads.
 */
export function base64Text(s: string): string | undefined {
  const b64 = s.replace(/\s+/g, '');
  if (b64.length < 8 || b64.length > (MAX_DECODED / 3) * 4 || !BASE64.test(b64)) return undefined;
  let text: string;
  try {
    text = utf8.decode(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** Inflated data past this many bytes is not read (a compressed bundle of manifests is 1-2 MiB). */
const MAX_INFLATED = 8 << 20;

/**
 * The text base64 of gzip-compressed data holds (a ConfigMap's binaryData a controller inflates:
 * Cluster API's operator reads a provider's components so), or undefined when it is not that, is
 * not UTF-8 text, or inflates past MAX_INFLATED (the bound holds while inflating).
 */
export function gzipText(s: string): string | undefined {
  const b64 = s.replace(/\s+/g, '');
  if (!b64.startsWith('H4sI') || b64.length > (MAX_DECODED / 3) * 4 || !BASE64.test(b64)) return undefined;
  try {
    const text = utf8.decode(gunzipSync(Buffer.from(b64, 'base64'), { maxOutputLength: MAX_INFLATED }));
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * A string inside decoded data that is itself base64 of a structured text (a values tree
 * b64enc'd into a config field): the text, for one more level of reading. Short strings and ones
 * that read as text of their own are left alone (`library/nginx` is valid base64 too).
 */
function nestedBase64(v: string): string | undefined {
  if (v.length < 24 || /[.:\s-]/.test(v.trim())) return undefined;
  const text = base64Text(v);
  return text !== undefined && (text.includes('\n') || /^\s*[[{]/.test(text)) ? text : undefined;
}

/** Text inside text: an injector's pod templates kept as strings in its config, three levels at most. */
const MAX_TEXT_DEPTH = 3;

/**
 * A multi-line text: a YAML/JSON document walked by key, else lines. Go-template text (what a
 * sidecar injector fills in at admission) is read with its actions taken out: a line that is only
 * an action goes, an action inside a line becomes a mark no reference can contain, so only the
 * literal references the template writes are found (and, being verbatim, rewritten in place).
 */
function textCandidates(
  text: string,
  at: PathSegment[],
  out: Candidate[],
  base: readonly PathSegment[],
  depth: number,
  enc: readonly string[],
  level: Level | undefined,
): void {
  const read = withoutSchemas(text);
  const clean = read.includes('{{') ? withoutActions(read) : read;
  const structured = parseStructured(clean);
  if (structured !== undefined)
    return walkEmbedded(structured, at, out, base, {}, depth, undefined, [...enc, structuredKind(clean)], clean === read ? level : undefined);
  const prefix = at.length ? `${formatPath(at)} > ` : '';
  const encodings = [...enc, 'lines'];
  for (const c of lineCandidates(clean, base))
    out.push({ ...c, encodings, ...(prefix ? { suffix: c.suffix ? ` > ${prefix}${c.suffix.slice(3)}` : ` > ${formatPath(at)}` } : {}) });
}

/** The syntax parseStructured read a text in (a JSON text is YAML too, but says JSON to a user). */
const structuredKind = (text: string): string => (/^\s*[[{]/.test(text) ? 'json' : 'yaml');

// not a reference character, and nothing YAML reads as an indicator at the start of a line
const TEMPLATE_MARK = 'T{}T';

function withoutActions(text: string): string {
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

function parseStructured(text: string): object | undefined {
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
    try {
      const v: unknown = parseYaml(text, { uniqueKeys: false, logLevel: 'silent' });
      return v !== null && typeof v === 'object' ? v : undefined;
    } catch {
      return /^---/m.test(text) ? documents(text) : undefined;
    }
  }
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

function walkEmbedded(
  v: unknown,
  at: PathSegment[],
  out: Candidate[],
  base: readonly PathSegment[],
  scope: HubScope = {},
  depth = 0,
  off?: readonly PathSegment[],
  encodings: readonly string[] = [],
  level?: Level,
): void {
  if (typeof v === 'string' && v.includes('\n') && depth < MAX_TEXT_DEPTH)
    return textCandidates(v, at, out, base, depth + 1, encodings, inner(level, at, false));
  const decoded = typeof v === 'string' && depth < MAX_TEXT_DEPTH ? nestedBase64(v) : undefined;
  if (decoded !== undefined) return textCandidates(decoded, [...at, 'base64'], out, base, depth + 1, [...encodings, 'base64'], inner(level, at, true));
  // a component the consumer's own config switches off (`enabled: false` on it or around it):
  // its images are optional, brought by that flag (issue 30's class 4)
  const switched = off ? { off: [...base, ...off] } : {};
  if (typeof v === 'string') {
    const key = lastKey(at);
    const hubbed = key === 'image' ? withHub(v, scope) : undefined;
    const mapEntry = key === undefined ? undefined : imageMapEntryHint(at);
    const hint = key === undefined ? 'plain' : (mapEntry ?? nameHint(key));
    // an image map's host-less `name:tag` entry under a registry prefix: the consumer joins them
    const entry = hubbed === undefined && mapEntry ? prefixedEntry(v, scope, level ? at.slice(level.root) : []) : undefined;
    if (entry) {
      out.push({ raw: entry.raw, path: base, suffix: ` > ${formatPath(at)}`, hint: 'named', encodings, ...switched, ...composition(level, entry.fields) });
      return;
    }
    const whole = hubbed === undefined && level ? [{ at: at.slice(level.root), part: 'image' as const, value: v }] : undefined;
    out.push({ raw: hubbed ?? v, path: base, suffix: ` > ${formatPath(at)}`, hint, encodings, ...switched, ...composition(level, whole) });
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => walkEmbedded(x, [...at, i], out, base, scope, depth, off, encodings, level));
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  if (isSchema(o)) {
    // walked as any object, then every candidate in it marked: the not-an-image rules say why
    const first = out.length;
    walkEmbedded(Object.fromEntries(Object.entries(o).filter(([k]) => k !== '$schema' && k !== 'kind')), at, out, base, scope, depth, off, encodings, level);
    for (let i = first; i < out.length; i++) out[i] = { ...out[i]!, inSchema: true };
    return;
  }
  const flag = at.length > 0 ? offFlag(o) : undefined;
  const own = off ?? (flag ? [...at, flag] : undefined);
  const mine = own ? { off: [...base, ...own] } : {};
  const here = level ? at.slice(level.root) : [];
  const block = nameAsRepository(o, lastKey(at));
  const underRepository = nameUnderRepository(block, lastKey(at));
  const joined = composeRepositoryTag(namedUnderPrefix(underRepository, scope));
  const composed = withPrefix(joined, scope);
  if (composed) {
    const fields = prefixed(composed !== joined, scope, blockFields(o, scope, here, block !== o, underRepository !== block));
    out.push({ raw: composed, path: base, suffix: ` > ${formatPath(at)}`, hint: 'named', encodings, ...mine, ...composition(level, fields) });
  }
  // {"image": "repo", "defaultImageVersion": "1.2"}: the consumer joins them; its parts are no images
  const siblings = composed === undefined && !isRepositoryImageBlock(o) ? composeSiblingFields(o) : undefined;
  if (siblings) {
    const raw = withPrefix(siblings.raw, scope)!;
    const fields = prefixed(raw !== siblings.raw, scope, siblingFields(o, siblings.keys, here));
    out.push({ raw, path: base, suffix: ` > ${formatPath(at)}`, hint: 'named', encodings, ...mine, ...composition(level, fields) });
  }
  const slot = versionSlot(o, lastKey(at));
  if (slot) out.push({ raw: o[slot] as string, path: base, suffix: ` > ${formatPath([...at, slot])}`, hint: 'named', versionSlot: true, encodings, ...mine });
  const next = innerScope(o, scope, here);
  for (const [k, x] of Object.entries(o))
    if (k !== slot && !siblings?.keys.includes(k)) walkEmbedded(x, [...at, k], out, base, next, depth, own ?? besideOff(o, at, k), encodings, level);
}

/** A settings block beside its component's workload switched off (site-rules offBeside). */
function besideOff(o: Record<string, unknown>, at: readonly PathSegment[], k: string): PathSegment[] | undefined {
  const beside = offBeside(o, k);
  return beside ? [...at, ...beside] : undefined;
}

const text = (v: unknown): string => (['string', 'number', 'bigint'].includes(typeof v) ? String(v) : '');

/** The fields composeSiblingFields joined ([repository, version, registry?]), in join order. */
function siblingFields(o: Record<string, unknown>, keys: readonly string[], here: readonly PathSegment[]): ComposedField[] {
  const [repoKey, versionKey, registryKey] = keys as [string, string, string | undefined];
  const version = text(o[versionKey]).trim();
  return [
    ...(registryKey ? [{ at: [...here, registryKey], part: 'name' as const, value: text(o[registryKey]).replace(/\/+$/, '') }] : []),
    { at: [...here, repoKey], part: 'name', value: text(o[repoKey]).trim() },
    { at: [...here, versionKey], part: /^sha256:/.test(version) ? 'digest' : 'tag', value: version },
  ];
}

/**
 * The fields composeRepositoryTag joined, in join order; undefined where it joins something no
 * field holds as read (a `sha` made a digest, a trimmed or empty part).
 */
function blockFields(
  o: Record<string, unknown>,
  scope: HubScope,
  here: readonly PathSegment[],
  nameIsRepository = false,
  nameUnderRepository = false,
): ComposedField[] | undefined {
  const field = (k: string, part: ComposedField['part'], value = text(o[k])): ComposedField => ({ at: [...here, k], part, value });
  if (isRepositoryImageBlock(o)) {
    const versionKey = text(o.version) ? 'version' : 'tag';
    const digestKey = text(o.digest) ? 'digest' : text(o[versionKey]).startsWith('sha256:') ? versionKey : undefined;
    const last = digestKey ? field(digestKey, 'digest') : field(versionKey, 'tag');
    return [field('repository', 'name', text(o.repository).replace(/\/+$/, '')), field('image', 'name'), last];
  }
  if (o.sha !== undefined) return undefined;
  if (nameIsRepository) {
    const versionKey = text(o.tag) ? 'tag' : text(o.version) ? 'version' : undefined;
    return [field('name', 'name'), ...(versionKey ? [field(versionKey, 'tag')] : []), ...(text(o.digest) ? [field('digest', 'digest')] : [])];
  }
  const repoKey = ['repository', 'baseImage'].find((k) => typeof o[k] === 'string' && o[k] !== '')!;
  const named = nameUnderRepository || namedUnderPrefix(o, scope) !== o;
  const tagKey = text(o.tag) ? 'tag' : repoKey === 'baseImage' && text(o.version) ? 'version' : undefined;
  return [
    ...(text(o.registry) ? [field('registry', 'name', text(o.registry).replace(/\/+$/, ''))] : []),
    field(repoKey, 'name'),
    ...(named ? [field('name', 'name')] : []),
    ...(tagKey ? [field(tagKey, 'tag')] : []),
    ...(text(o.digest) ? [field('digest', 'digest')] : []),
  ];
}

/**
 * `prober: probe-proxy:v1` in an image map under a prefix: the prefix joined to it, and the fields
 * (the prefix, then the entry holding both the name and the tag); undefined when the entry names
 * a host of its own or no prefix is in scope.
 */
function prefixedEntry(v: string, scope: HubScope, here: readonly PathSegment[]): { raw: string; fields?: ComposedField[] } | undefined {
  const raw = withPrefix(v, scope);
  if (raw === undefined || raw === v) return undefined;
  const plain = stripMarkers(v);
  const m = /^([a-z0-9][a-z0-9._/-]*)(?::([\w][\w.-]{0,127}))?$/.exec(plain);
  if (!m) return undefined;
  const fields: ComposedField[] = [{ at: here, part: 'name', value: m[1]! }, ...(m[2] !== undefined ? [{ at: here, part: 'tag' as const, value: m[2] }] : [])];
  return { raw, fields: prefixed(true, scope, fields) };
}

/** The fields with the scope's prefix before them, when withPrefix put it there. */
function prefixed(applied: boolean, scope: HubScope, fields: ComposedField[] | undefined): ComposedField[] | undefined {
  if (!fields || !applied) return fields;
  return scope.prefixAt ? [{ at: scope.prefixAt, part: 'prefix', value: scope.prefix! }, ...fields] : undefined;
}

/** A CustomResourceDefinition, or a JSON schema: their strings document a resource, nobody pulls them. */
function isSchema(o: Record<string, unknown>): boolean {
  return (
    (o.kind === 'CustomResourceDefinition' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('apiextensions.k8s.io/')) ||
    typeof o.$schema === 'string'
  );
}

/**
 * `{name: ghcr.io/acme/agent, version: ""}`: the key naming an image whose version is left empty
 * for the chart to fill (a library helper's `.Chart.AppVersion` fallback). Not a repository+tag
 * block beside a registry (composeRepositoryTag's), and not a name that carries its own tag.
 */
function versionSlot(o: Record<string, unknown>, parentKey: string | undefined): string | undefined {
  const empty = (k: string) => k in o && (o[k] === '' || o[k] === null);
  // beside a registry it is composeRepositoryTag's block; beside a hub, Istio's (its global tag fills it)
  if (!(empty('version') || empty('tag')) || typeof o.registry === 'string' || 'hub' in o || o.digest || o.sha) return undefined;
  const key = ['name', 'repository'].find((k) => typeof o[k] === 'string' && o[k] !== '');
  if (!key) return undefined;
  const v = stripMarkers(o[key] as string);
  // `{name, version}` is also a plugin or dependency: a name counts under an image key or as a path
  if (key === 'name' && !v.includes('/') && !(parentKey !== undefined && /image/i.test(parentKey))) return undefined;
  const last = v.slice(v.lastIndexOf('/') + 1);
  return /[:@\s]/.test(last) || !/^[a-z0-9]/.test(v) ? undefined : key;
}

/** The nearest string key of a path: for images[0] that is "images". */
function lastKey(at: readonly PathSegment[]): string | undefined {
  for (let i = at.length - 1; i >= 0; i--) if (typeof at[i] === 'string') return at[i] as string;
  return undefined;
}

function lineCandidates(text: string, path: readonly PathSegment[]): Candidate[] {
  const out: Candidate[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*[#;]/.test(line)) continue;
    const kv = /^\s*([\w.\-/]+)\s*(?:=|:\s|\s)\s*(.+?)\s*$/.exec(line);
    if (kv && !/\s/.test(kv[2].replace(/^["'](.*)["']$/, '$1'))) {
      const value = kv[2].replace(/^["']|["']$/g, '');
      out.push({ raw: value, path, suffix: ` > ${kv[1]}`, hint: nameHint(kv[1]) });
      continue;
    }
    for (const t of line.trim().split(/\s+/)) if (t !== '') out.push({ raw: t.replace(/^["']|["']$/g, ''), path, hint: 'plain' });
  }
  return out;
}
