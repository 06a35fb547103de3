// Image values a template reads that values.yaml does not hold (OpenSearch's
// `{{ .Values.persistence.image | default "busybox" }}`, the key only in a comment): no marker can
// reach them, yet once set they take the name over, and a shared registry value that reaches the
// same image cannot move it alone. They are found in the template text and probed like empty
// ones. Pure.

import { formatPath, type PathSegment } from '../field-path.js';
import { NAME_KEY, type ImageValueLeaf } from './image-values.js';
import { isImageKey } from '../sites/site-rules.js';
import { getIn } from './value-markers.js';
import { TextMemo } from '../../util/text-memo.js';
import { isRecord } from '../../util/is-record.js';
import { templateActions } from '../toggles/template-actions.js';

export type { ChartTemplates } from './types.js';
import type { ChartTemplates } from './types.js';

const VALUES_REF = /\.Values((?:\.[A-Za-z_][\w]*)+)/g;

/** Absent `.Values` paths whose last key names an image's registry, name or whole reference (registry, image, repository, override). */
export function absentImageValues(charts: readonly ChartTemplates[], values: Record<string, unknown>): ImageValueLeaf[] {
  const out = new Map<string, ImageValueLeaf>();
  const argumentReads = dictArgumentReads(charts);
  for (const c of charts) {
    for (const text of c.texts) {
      for (const { keys, part } of [...imageValueRefs(text), ...dictArgumentRefs(text, argumentReads)]) {
        const segments = [...c.at, ...keys];
        if (getIn(values, segments) !== undefined || !parentIsMapOrAbsent(values, segments)) continue;
        const path = formatPath(segments);
        if (!out.has(path)) out.set(path, { path, segments, part, value: '' });
      }
    }
  }
  return [...out.values()];
}

interface ImageValueRef {
  keys: string[];
  part: 'repository' | 'registry';
}

// Every discovery scans every template of the chart tree, the same texts each time (values'
// proofs discover again): the scan is kept per text.
const IMAGE_VALUE_REFS = new TextMemo<ImageValueRef[]>(16 * 1024 * 1024);

/** The template's `.Values` paths (not global) whose last key names an image part, in order. */
function imageValueRefs(text: string): ImageValueRef[] {
  return IMAGE_VALUE_REFS.of(text, (full) => {
    const t = templateActions(full);
    const refs: ImageValueRef[] = [];
    for (const keys of [...[...t.matchAll(VALUES_REF)].map((m) => m[1].slice(1).split('.')), ...variableRefs(t)]) {
      const last = keys[keys.length - 1];
      const part = NAME_KEY.test(last) ? 'repository' : /^registry$/i.test(last) ? 'registry' : undefined;
      if (part && keys[0] !== 'global') refs.push({ keys, part });
    }
    return refs;
  });
}

// `{{ $imageRoot := .Values.controllerManager.manager.image }}`: a variable bound to a values block
const VARIABLE_BINDING = /\$([A-Za-z_]\w*)\s*:?=\s*\$?\.Values((?:\.[A-Za-z_]\w*)+)\s*-?\}\}/g;

/**
 * `.Values` paths read through a variable bound to a values block (New Relic's k8s-agents-operator:
 * `$imageRoot.registry` after `$imageRoot := .Values.controllerManager.manager.image`, a key its
 * values.yaml never declares, handed to a helper that falls back to `docker.io`): the path as if
 * written whole, for every binding of that name in the text.
 */
function variableRefs(text: string): string[][] {
  const bound = new Map<string, string[][]>();
  for (const m of text.matchAll(VARIABLE_BINDING)) bound.set(m[1]!, [...(bound.get(m[1]!) ?? []), m[2]!.slice(1).split('.')]);
  const refs: string[][] = [];
  for (const [name, bases] of bound)
    for (const m of text.matchAll(new RegExp(`\\$${name}((?:\\.[A-Za-z_]\\w*)+)`, 'g')))
      for (const base of bases) refs.push([...base, ...m[1]!.slice(1).split('.')]);
  return refs;
}

// `(dict "imageRoot" .Values.image "context" .)`: a values block handed to a helper under a key
const DICT_ARGUMENT = /"([A-Za-z_]\w*)"\s+\$?\.Values((?:\.[A-Za-z_]\w*)+)(?=[\s)])/g;
// `.imageRoot.registry` in a helper: a key of its dict argument read (group 3: a key read under it)
const ARGUMENT_READ = /(?<![\w$])\.([A-Za-z_]\w*)\.(registry|[A-Za-z]*[Rr]epository|image|override)\b(\.\w)?/g;

/** Per dict key, the image parts helpers of any chart of the tree (a library's too) read under it. */
function dictArgumentReads(charts: readonly ChartTemplates[]): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  // a part read further (Mender's `and .override.image .override.image.registry`) is a block: a
  // whole reference set there would break the helper, and the probe with it
  const blocks = new Set<string>();
  for (const c of charts)
    for (const text of c.texts)
      for (const [key, part, block] of argumentReadsOf(text))
        if (block) blocks.add(`${key}.${part}`);
        else reads.set(key, (reads.get(key) ?? new Set()).add(part));
  for (const [key, parts] of reads) for (const part of parts) if (blocks.has(`${key}.${part}`)) parts.delete(part);
  return reads;
}

const ARGUMENT_READS = new TextMemo<[string, string, boolean][]>(16 * 1024 * 1024);

/** The text's reads of an image part under a key other than `.Values` (key, part, whether a key under the part is read). */
function argumentReadsOf(text: string): [string, string, boolean][] {
  return ARGUMENT_READS.of(text, (t) =>
    [...templateActions(t).matchAll(ARGUMENT_READ)].filter((m) => m[1] !== 'Values').map((m): [string, string, boolean] => [m[1]!, m[2]!, m[3] !== undefined]),
  );
}

const DICT_ARGUMENTS = new TextMemo<[string, string][]>(16 * 1024 * 1024);

/** The text's values blocks handed to a helper under a dict key (key, `.a.b` path). */
function dictArgumentsOf(text: string): [string, string][] {
  return DICT_ARGUMENTS.of(text, (t) => [...templateActions(t).matchAll(DICT_ARGUMENT)].map((m): [string, string] => [m[1]!, m[2]!]));
}

/**
 * `.Values` paths a helper reads through its dict argument (New Relic's common-library:
 * `include "newrelic.common.images.image" (dict "imageRoot" .Values.image ...)`, the library reading
 * `.imageRoot.registry`, a key newrelic-logging's values.yaml only names in a comment, and falling
 * back to `docker.io`): each key read under the dict key, after the block handed in.
 */
function dictArgumentRefs(text: string, reads: ReadonlyMap<string, ReadonlySet<string>>): ImageValueRef[] {
  const refs: ImageValueRef[] = [];
  for (const [dictKey, block] of dictArgumentsOf(text))
    for (const key of reads.get(dictKey) ?? []) {
      const keys = [...block.slice(1).split('.'), key];
      const part = NAME_KEY.test(key) ? 'repository' : /^registry$/i.test(key) ? 'registry' : undefined;
      if (part && keys[0] !== 'global') refs.push({ keys, part });
    }
  return refs;
}

/** The path can be set without replacing a value that is not a map (image: "nginx:1" has no .image.repository). */
export function parentIsMapOrAbsent(values: Record<string, unknown>, segments: readonly PathSegment[]): boolean {
  for (let i = 1; i < segments.length; i++) {
    const v = getIn(values, segments.slice(0, i));
    if (v === undefined || v === null) return true;
    if (typeof v !== 'object' || Array.isArray(v)) return false;
  }
  return true;
}

/**
 * Values with an image-named key (`reloaderImage`, `image`) left empty, null or absent though a
 * template reads them: a template that writes a resource's field only when such a value is set
 * leaves the field to its CRD's default (sites/crd-defaults.ts), and the value is how the chart moves
 * it. Probed like the empty repositories, for the sites a CRD default gives.
 */
export function unsetImageValues(charts: readonly ChartTemplates[], values: Record<string, unknown>, named = false): ImageValueLeaf[] {
  return unsetAt(charts, values, named ? (text) => [...imageKeyRefs(text), ...placeKeyRefs(text)] : imageKeyRefs);
}

/** The paths `refsOf` reads in the charts' templates whose value is empty, null or absent (and can be set). */
function unsetAt(charts: readonly ChartTemplates[], values: Record<string, unknown>, refsOf: (text: string) => string[][]): ImageValueLeaf[] {
  const out = new Map<string, ImageValueLeaf>();
  for (const c of charts) {
    for (const text of c.texts) {
      for (const keys of refsOf(text)) {
        // a global value is the top chart's wherever a subchart reads it
        const segments = keys[0] === 'global' ? keys : [...c.at, ...keys];
        const v = getIn(values, segments);
        if ((v !== undefined && v !== null && v !== '') || !parentIsMapOrAbsent(values, segments)) continue;
        const path = formatPath(segments);
        if (!out.has(path)) out.set(path, { path, segments, part: 'image', value: '' });
      }
    }
  }
  return [...out.values()];
}

/**
 * The template's `.Values` paths (not global) whose last key names where images are pulled from
 * (`imagesDefaultRegistry`, `imagesDefaultRepository`): what an operator's prefix setting is
 * joined from (unsetImageValues `named`, asked only where such a setting is unset).
 */
function placeKeyRefs(text: string): string[][] {
  return [...text.matchAll(VALUES_REF)]
    .map((m) => m[1].slice(1).split('.'))
    .filter((keys) => keys[0] !== 'global' && /(registry|repository)$/i.test(keys.at(-1)!));
}

/**
 * Values a template may write a field of an operator's config file from (Function Mesh's
 * runnerImages.go from `toYaml .Values.controllerManager.runnerImages`, the mapping absent by
 * default): each `.Values` path of a template that ends in the key the field sits under, absent
 * or empty, with the field's own key after it. Probed for defaults that field overrides.
 */
export function unsetConfigValues(charts: readonly ChartTemplates[], values: Record<string, unknown>, fields: readonly string[]): ImageValueLeaf[] {
  const out = new Map<string, ImageValueLeaf>();
  for (const field of fields) {
    const keys = field.split('.');
    if (keys.length < 2) continue;
    for (const c of charts)
      for (const text of c.texts)
        for (const m of text.matchAll(VALUES_REF)) {
          const at = m[1].slice(1).split('.');
          if (at[0] === 'global' || at.at(-1) !== keys.at(-2)) continue;
          const segments = [...c.at, ...at, keys.at(-1)!];
          const v = getIn(values, segments.slice(0, -1));
          if ((v !== undefined && v !== null && v !== '') || !parentIsMapOrAbsent(values, segments)) continue;
          const path = formatPath(segments);
          if (!out.has(path)) out.set(path, { path, segments, part: 'image', value: '' });
        }
  }
  return [...out.values()];
}

// kept per text as imageValueRefs' scan is: most `.Values` paths of a template end in no image key
const IMAGE_KEY_REFS = new TextMemo<string[][]>(16 * 1024 * 1024);

/**
 * A component's image named with a trailing Name or Ref (pgEdge's `initSpockImageName`): a whole
 * reference as often as a repository, so not an image key everywhere; here the probe's render
 * says which part it takes, so it is tried.
 */
const COMPONENT_IMAGE_NAME = /[a-z0-9]Images?(Name|Ref)$/;

/** The template's `.Values` paths whose last key is image-named, in order. */
function imageKeyRefs(text: string): string[][] {
  return IMAGE_KEY_REFS.of(text, (t) => {
    const refs: string[][] = [];
    for (const m of t.matchAll(VALUES_REF)) {
      const keys = m[1].slice(1).split('.');
      const key = keys[keys.length - 1]!;
      if (isImageKey(key) || COMPONENT_IMAGE_NAME.test(key)) refs.push(keys);
    }
    return refs;
  });
}

/**
 * Image-named values read relative to a `with .Values.P` block (MatrixOne's `{{- with
 * .Values.bucketCleanJob }} image: {{ .image | default ... }}`, the block absent by default):
 * `P.image`, left empty or absent. No `.Values` path names them, so unsetImageValues cannot.
 */
export function unsetScopedImageValues(charts: readonly ChartTemplates[], values: Record<string, unknown>): ImageValueLeaf[] {
  return unsetAt(charts, values, scopedImageKeyRefs);
}

const WITH_VALUES = /\{\{-?\s*with\s+\$?\.Values\.([A-Za-z_][\w.]*)\s*-?\}\}/g;
const ACTION = /\{\{-?((?:[^{}]|\{(?!\{)|\}(?!\}))*?)-?\}\}/g;
/** An action that opens a block (its `end` closes it), and whether the block moves the dot. */
const OPENS = /^\s*(if|range|with|define|block)\b/;
const MOVES_DOT = new Set(['range', 'with', 'define', 'block']);
/** `.image`, `.image.repository`: a field of the dot, not of a variable or a call's result. */
const RELATIVE = /(?<![\w$.)\]])\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;
/** Helm's own objects: `.Values.x` inside the block is no field of its dot. */
const BUILTIN_OBJECT = /^(Values|Release|Chart|Capabilities|Template|Files|Subcharts)\b/;
const SCOPED_KEY_REFS = new TextMemo<string[][]>(16 * 1024 * 1024);

/** The `with .Values.P` blocks' relative paths whose last key is image-named, as paths from the values' top. */
function scopedImageKeyRefs(text: string): string[][] {
  return SCOPED_KEY_REFS.of(text, (t) => {
    if (!/\bwith\s+\$?\.Values\./.test(t)) return [];
    const refs: string[][] = [];
    for (const w of t.matchAll(WITH_VALUES)) {
      const block = w[1]!.split('.');
      // the actions after the tag, at the block's own dot: nested blocks that move it are passed over
      const stack: boolean[] = [];
      for (const a of t.slice(w.index + w[0].length).matchAll(ACTION)) {
        const body = a[1]!;
        const open = OPENS.exec(body);
        if (open) {
          stack.push(MOVES_DOT.has(open[1]!));
          if (open[1] === 'if' && !stack.slice(0, -1).some(Boolean)) refs.push(...imageRefs(body, block));
          continue;
        }
        if (/^\s*end\b/.test(body)) {
          if (stack.length === 0) break;
          stack.pop();
          continue;
        }
        if (/^\s*else\b/.test(body) && stack.length === 0) break;
        if (!stack.some(Boolean)) refs.push(...imageRefs(body, block));
      }
    }
    return refs;
  });
}

const imageRefs = (action: string, block: readonly string[]): string[][] =>
  [...action.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(RELATIVE)]
    .filter((m) => !BUILTIN_OBJECT.test(m[1]!))
    .map((m) => [...block, ...m[1]!.split('.')])
    .filter((keys) => isImageKey(keys.at(-1)!));

/**
 * Slots for a CRD default's field in a resource the chart renders from a values map passed whole
 * (pocket-id-operator's `instance.spec`, `toYaml`'d into its PocketIDInstance's spec): a map, or
 * null, of the values whose key is one of the field's enclosing keys (`spec` of `spec.image`), with
 * the rest of the field's path under it (`instance.spec.image`). No template names that key, so
 * only a probe tells whether the field is rendered from there; a map it is not takes no stand-in.
 * `fields`: the fields' paths in their resources. At most `max` slots, maps `depth` keys deep.
 */
export function fieldMapSlots(values: Record<string, unknown>, fields: readonly PathSegment[][], max = 16, depth = 6): ImageValueLeaf[] {
  const out = new Map<string, ImageValueLeaf>();
  const walk = (o: Record<string, unknown>, at: PathSegment[]) => {
    for (const [k, v] of Object.entries(o)) {
      if (out.size >= max) return;
      if (v !== null && !isRecord(v)) continue;
      for (const field of fields) {
        const i = field.indexOf(k);
        const rest = field.slice(i + 1);
        if (i < 0 || rest.length === 0 || !rest.every((x) => typeof x === 'string')) continue;
        const segments = [...at, k, ...rest];
        const set = getIn(values, segments);
        if ((set !== undefined && set !== null && set !== '') || !parentIsMapOrAbsent(values, segments)) continue;
        const path = formatPath(segments);
        if (!out.has(path)) out.set(path, { path, segments, part: 'image', value: '' });
      }
      if (isRecord(v) && at.length < depth) walk(v, [...at, k]);
    }
  };
  walk(values, []);
  return [...out.values()];
}

/**
 * The value is also an operand of a condition beyond its own `if`/`with`/`default` (CloudNativePG's
 * `and (eq .Values.type "timescaledb") … (empty .Values.cluster.imageName)`): a mode's switch as well,
 * so setting it for the image it names would turn that mode off. Such a value is no route for the
 * name a helper composes; one only substituted or tested alone (ParadeDB's copy of the helper,
 * without the TimescaleDB mode) is.
 */
function switchesBeyondItself(charts: readonly ChartTemplates[], leaf: ImageValueLeaf): boolean {
  return charts.some((c) => {
    if (!c.at.every((s, i) => leaf.segments[i] === s)) return false;
    const rel = leaf.segments
      .slice(c.at.length)
      .join('.')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const operand = new RegExp(`\\b(?:empty|not|and|or|eq|ne)\\s[^}]*?\\.Values\\.${rel}(?![\\w.])`);
    return c.texts.some((t) => operand.test(t));
  });
}

/**
 * Image-named values the chart's values.yaml holds empty or null (not absent: a path only a comment
 * or NOTES.txt spells, Bitnami's `.Values.path.to.the.image`, is no setting), each no mode's switch
 * besides: the routes a name a helper composes may take (chart-images.ts).
 */
export function emptyImageRoutes(charts: readonly ChartTemplates[], values: Record<string, unknown>): ImageValueLeaf[] {
  return unsetImageValues(charts, values).filter((v) => getIn(values, v.segments) !== undefined && !switchesBeyondItself(charts, v));
}
