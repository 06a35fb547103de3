// References inside text that a ConfigMap carries: embedded YAML/JSON documents, properties or
// env files (key=value, key: value), or a single value whose data key names an image.

import { formatPath, type PathSegment } from '../field-path.js';
import { imageMapEntryHint, nameHint, offBeside, type Candidate } from '../sites/site-rules.js';
import { offFlag } from '../toggles/off-flag.js';
import { stripMarkers } from '../values/value-markers.js';
import { composeFlatKeyPairs, composeSiblingFields, tagWithoutRepository } from '../sites/sibling-fields.js';
import { base64Text, gzipText } from './data-decoding.js';
import { afterTransport, splitImageList } from './image-lists.js';
import { parseStructured, readAsWritten, structuredKind, withoutActions, withoutSchemas } from './structured-text.js';
import type { ComposedField, DataComposition, DataLevel } from '../image-site.js';
import { innerScope, namedUnderPrefix, withHub, withPrefix, type HubScope } from './registry-scope.js';
import { composeRepositoryTag, isRepositoryImageBlock, nameAsRepository, nameUnderRepository, prefixOf } from './repository-blocks.js';
import { selectedAlternatives } from './selected-alternatives.js';

const ONE_SETTING = /^\s*["']?[A-Za-z_][\w.-]*["']?\s*(?::\s|=)\s*\S/;

/**
 * Candidates in one data entry; `path` is the entry's path in the ConfigMap (data["key"]), `at`
 * the decodings the text went through to get here (['base64']), named in each candidate's suffix.
 */
export function embeddedCandidates(text: string, dataKey: string, path: readonly PathSegment[], at: PathSegment[] = []): Candidate[] {
  const enc = at.filter((s): s is string => s === 'base64' || s === 'gzip');
  // one line that is a setting (`image: x:1`, a block scalar of one line ending its document, or
  // `IMAGE=x:1`) is read as its key and value, as a text of several lines is; else as one value
  if (!text.includes('\n') && !ONE_SETTING.test(text)) {
    const structured = parseStructured(text);
    // a list of references (`a:1,b:2`, `a:1; b:2`) is each of them, as an env var's list is
    if (structured === undefined)
      return (PURE_LIST.test(text) ? splitImageList(text) : [text.trim()]).map((raw) => ({
        raw,
        path,
        hint: nameHint(dataKey),
        ...(at.length ? { suffix: ` > ${formatPath(at)}`, encodings: enc } : {}),
      }));
  }
  const out: Candidate[] = [];
  textCandidates(text, at, out, path, 0, enc, level([], at.includes('base64'), at.length, at.includes('gzip')), CODE_FILE.test(dataKey));
  return out;
}

/**
 * A data key naming a program's source (`jupyterhub_config.py`): there a string is quoted, and an
 * unquoted right-hand side (`c.KubeSpawner.image = image`) is a variable, no value.
 */
const CODE_FILE = /\.(py|js|mjs|cjs|ts|lua|rb|star|bzl|groovy|go)$/;

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

/**
 * A string inside decoded data that is itself base64 of a structured text (a values tree
 * b64enc'd into a config field): the text, for one more level of reading. Short strings and ones
 * that read as text of their own are left alone (`library/nginx` is valid base64 too).
 */
export function nestedBase64(v: string): string | undefined {
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
  code = false,
): void {
  const read = withoutSchemas(text);
  // a program is read by lines (no place in a document to keep): its placeholders masked, as before
  const masked = read.includes('{{') ? withoutActions(read) : read;
  const clean = masked === read || PROGRAM.test(masked) || !readAsWritten(read) ? masked : read;
  // a document a script holds as one string literal, read by its keys (a Python script parses as
  // YAML too, the literal inside a key); no in-place edit: the text is escaped
  if (depth < MAX_TEXT_DEPTH && clean.includes('\\"'))
    clean.split('\n').forEach((line, n) => {
      for (const doc of jsonLiterals(line)) textCandidates(doc, [...at, `line ${n + 1}`], out, base, depth + 1, [...enc, 'json-string'], undefined);
    });
  // a Python program (a hub's extraConfig snippet) often parses as YAML too, its indented dict
  // literal turned into nested keys and an image into a key: read it as lines, as a .py file's
  const program = PROGRAM.test(clean);
  const structured = program ? undefined : parseStructured(clean);
  if (structured !== undefined)
    return walkEmbedded(structured, at, out, base, {}, depth, undefined, [...enc, structuredKind(clean)], clean === read ? level : undefined);
  const prefix = at.length ? `${formatPath(at)} > ` : '';
  const encodings = [...enc, 'lines'];
  for (const c of lineCandidates(clean, base, code || program))
    out.push({ ...c, encodings, ...(prefix ? { suffix: c.suffix ? ` > ${prefix}${c.suffix.slice(3)}` : ` > ${formatPath(at)}` } : {}) });
}

/** A line only Python source begins with: an import, a function or class definition. */
const PROGRAM = /^(?:import [\w.]+\s*$|from [\w.]+ import |def \w+\(|class \w+[(:])/m;

/** A JSON object or array written as a double-quoted string literal (`json.loads("{\"a\": 1}")`). */
const JSON_LITERAL = /"([{[]\\"(?:[^"\\]|\\.)*)"/g;

/** The JSON texts of the string literals of one line of a script that hold a JSON object or array. */
function jsonLiterals(line: string): string[] {
  if (!line.includes('\\"')) return [];
  const out: string[] = [];
  for (const m of line.matchAll(JSON_LITERAL)) {
    try {
      const text = JSON.parse(`"${m[1]!}"`) as string;
      if (parseStructured(text) !== undefined) out.push(text);
    } catch {
      // not a JSON string literal (a quote inside another language's string)
    }
  }
  return out;
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
    // a runner label `ubuntu-latest:docker://IMAGE` names IMAGE (afterTransport): the transport says it is one
    const pulled = hubbed === undefined ? afterTransport(v) : v;
    const named = pulled === v ? hint : 'field';
    out.push({ raw: hubbed ?? pulled, path: base, suffix: ` > ${formatPath(at)}`, hint: named, encodings, ...switched, ...composition(level, whole) });
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
  const tagOnly = tagWithoutRepository(o, lastKey(at));
  if (tagOnly) out.push({ raw: text(o[tagOnly]).trim(), path: base, suffix: ` > ${formatPath(at)}`, hint: 'named', tagOnly: true, encodings, ...mine });
  const next = innerScope(o, scope, here);
  // a list of alternatives beside the field that picks one: the others' images are marked, not run
  const alternatives = selectedAlternatives(o);
  for (const [k, x] of Object.entries(o)) {
    if (k === slot || siblings?.keys.includes(k)) continue;
    const offHere = own ?? besideOff(o, at, k);
    if (alternatives?.key !== k || x === null || typeof x !== 'object') {
      walkEmbedded(x, [...at, k], out, base, next, depth, offHere, encodings, level);
      continue;
    }
    // a map's entries under the scope the map sets, as its own walk would give them
    const scoped = Array.isArray(x) ? next : innerScope(x as Record<string, unknown>, next, level ? [...at, k].slice(level.root) : []);
    for (const [i, entry] of Array.isArray(x) ? x.entries() : Object.entries(x as Record<string, unknown>)) {
      const first = out.length;
      walkEmbedded(entry, [...at, k, i], out, base, scoped, depth, offHere, encodings, level);
      if (alternatives.unselected.has(i)) for (let n = first; n < out.length; n++) out[n] = { ...out[n]!, unselected: alternatives.selector };
    }
  }
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
    const prefix = prefixOf(o);
    return [
      ...(text(o.registry) ? [field('registry', 'name', text(o.registry).replace(/\/+$/, ''))] : []),
      ...(prefix ? [field('prefix', 'name', prefix)] : []),
      field('name', 'name'),
      ...(versionKey ? [field(versionKey, 'tag')] : []),
      ...(text(o.digest) ? [field('digest', 'digest')] : []),
    ];
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

/** What separates the entries of a list one value holds (an env list's `;`, a comma list). */
const LIST_SEPARATOR = /[;,]/;
/** A value that is only words joined by `,` or `;` (spaces beside them allowed): a list, not prose. */
const PURE_LIST = /^\s*[^\s,;]+(?:\s*[,;]\s*[^\s,;]+)+\s*[,;]?\s*$/;

// the key may be quoted: one entry of a dict or object literal a program writes over several
// lines (`"image": "quay.io/x:1",`, a spawner hook's container); its trailing comma is taken off below
const KEY_VALUE_LINE = /^\s*["']?([\w.\-/]+)["']?\s*(?:=|:\s|\s)\s*(.+?)\s*$/;

/** A line's key and value: a quoted value's trailing comma (the literal's separator) dropped. */
function keyValue(line: string): [string, string, string] | undefined {
  const kv = KEY_VALUE_LINE.exec(line);
  return kv ? [kv[0], kv[1]!, kv[2]!.replace(/^(["'].*["']),$/, '$1')] : undefined;
}

function lineCandidates(text: string, path: readonly PathSegment[], code = false): Candidate[] {
  const out: Candidate[] = [];
  const lines = text.split('\n').filter((line) => !/^\s*[#;]/.test(line));
  // a repository and its tag in sibling keys the consumer joins: one reference, neither key alone
  const settings = new Map<string, string>();
  for (const line of lines) {
    const kv = keyValue(line);
    if (kv && !/\s/.test(kv[2].replace(/^["'](.*)["']$/, '$1'))) settings.set(kv[1], kv[2].replace(/^["']|["']$/g, ''));
  }
  const pairs = composeFlatKeyPairs(settings);
  const joined = new Set(pairs.flatMap((p) => p.keys));
  for (const p of pairs) out.push({ raw: p.raw, path, suffix: ` > ${p.key}`, hint: 'named' });
  for (const line of lines) {
    const kv = keyValue(line);
    if (kv && !/\s/.test(kv[2].replace(/^["'](.*)["']$/, '$1'))) {
      if (joined.has(kv[1]) || (code && !/^["'].*["']$/.test(kv[2]))) continue;
      const value = kv[2].replace(/^["']|["']$/g, '');
      // one setting holding a list (`IMAGES=a=quay.io/x:1;b=quay.io/y:2`) names each image in it
      for (const raw of LIST_SEPARATOR.test(value) ? splitImageList(value) : [value]) out.push({ raw, path, suffix: ` > ${kv[1]}`, hint: nameHint(kv[1]) });
      continue;
    }
    // words of a line, split as an env list is (`name=image;` pairs, commas): che's image puller
    // reads `che-code=quay.io/che-incubator/che-code:next; base-developer-image=...;` from a data key
    for (const t of splitImageList(line)) out.push({ raw: t, path, hint: line.includes(`docker://${t}`) ? 'field' : 'plain' });
  }
  return out;
}
