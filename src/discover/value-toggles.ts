// The `enabled`-style switches of a values tree: the settings whose flip may make a chart use
// images the default render does not (hotReload.enabled, metrics.enabled, redis.enabled...).

import type { ChartTemplates } from './absent-values.js';
import { formatPath, type PathSegment } from './field-path.js';
import { imagePartOf } from './image-values.js';
import { TextMemo } from '../util/text-memo.js';
import { isRecord } from '../util/is-record.js';

export interface ValueToggle {
  path: string;
  segments: PathSegment[];
  /** The value a flip sets: true for a switch, a literal for a choice (expose.type=clusterIP). */
  value: boolean | string;
  /** The values a flip brings in, when not the toggle's own block: a dependency's (its condition may sit anywhere). */
  scope?: PathSegment[];
  /** A list toggle: the flip adds a stand-in entry, so an image that spells the entry's own value is the stand-in's, not the chart's. */
  entry?: true;
}

/**
 * The toggle of `group` a template reads first (`{{- if .Values.gpuCluster.deployCR }}` around its
 * whole object), `at` being where the template's chart's values sit: the likely switch of an image
 * the template renders with no values of its own under any toggle (an operator's custom resource,
 * whose images come from the operator's defaults).
 */
export function firstToggleRead(text: string, at: readonly PathSegment[], group: readonly ValueToggle[]): ValueToggle | undefined {
  const byPath = new Map<string, ValueToggle>();
  for (const t of group) {
    // a subchart's .Values.global is the top chart's global (Helm copies it down)
    const base = t.segments[0] === 'global' ? [] : at;
    if (t.entry || t.segments.length <= base.length || !base.every((a, i) => t.segments[i] === a) || (t.segments[base.length] === 'global' && base.length > 0))
      continue;
    const keys = t.segments.slice(base.length);
    if (keys.every((k) => typeof k === 'string' && /^[A-Za-z_]\w*$/.test(k))) byPath.set(keys.join('.'), t);
  }
  if (byPath.size === 0) return undefined;
  for (const m of text.matchAll(VALUES_PATH)) {
    const t = byPath.get(m[1]!);
    if (t) return t;
  }
  return undefined;
}

/**
 * `enabled`, `metricsEnabled`, `enableFoo`: the usual switch, in any case style a chart writes its
 * keys in (`serviceMonitorEnabled`, Volcano's `metrics_enable`, `grafana-enabled`, `enable_tracing`).
 */
const ENABLED_KEY = /^(enabled?|[A-Za-z0-9][\w-]*(Enabled?|[_-]enabled?)|enable[A-Z_-][\w-]*)$/;
/**
 * Switches of other names that bring parts (and their images) when on: `create`, `install`,
 * `deploy`, and the same words joined to what they bring (`installOperator`, `deployAgent`,
 * `sandboxDeploy`).
 */
const TOGGLE_KEY = new RegExp(
  `${ENABLED_KEY.source}|^(create|install|deploy)([A-Z_-][\\w-]*)?$|^[A-Za-z0-9][\\w-]*(Create|Install|Deploy|[_-](create|install|deploy))$`,
);

/**
 * Entries of one list searched for switches: a chart's example entries (`modelSpec[0].enabled:
 * false`) are few; a long list is data (rules, hosts), not parts to switch on.
 */
const LIST_ENTRIES = 8;

/**
 * Boolean toggles that are off (flipping them on can only add parts of a chart); `keys`: which keys
 * switch. A list entry's switch counts too (`models[0].enabled`): the template ranges over the list
 * and runs the entries that are on.
 */
export function offToggles(values: Record<string, unknown>, keys: RegExp = TOGGLE_KEY): ValueToggle[] {
  const out: ValueToggle[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.slice(0, LIST_ENTRIES).forEach((entry, i) => {
        if (!isRecord(entry)) return;
        segs.push(i);
        visit(entry);
        segs.pop();
      });
      return;
    }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      segs.push(k);
      if (x === false && keys.test(k)) out.push({ path: formatPath(segs), segments: [...segs], value: true });
      else visit(x);
      segs.pop();
    }
  };
  visit(values);
  return out;
}

/** A dependency's `condition` (comma-separated values paths) and where its parent's values sit. */
export interface DependencyCondition {
  /** The parent chart's place in the top chart's values ([] for the top chart, [alias] below it). */
  at: PathSegment[];
  /** The dependency's key in those values (alias or name). */
  key: string;
  condition: string;
}

/**
 * Conditions of dependencies at any depth that are off, whatever their key is called
 * (metaMonitoring.grafanaAgent.installOperator): Helm takes the first path of a condition that
 * holds a boolean, so that path is the toggle. Paths offToggles already names are left out.
 */
export function conditionToggles(conditions: readonly DependencyCondition[], values: Record<string, unknown>): ValueToggle[] {
  const out: ValueToggle[] = [];
  const named = new Set(offToggles(values, ENABLED_KEY).map((t) => t.path));
  for (const c of conditions) {
    for (const p of c.condition
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const segments = [...c.at, ...p.split('.')];
      const v = valueAt(values, segments);
      if (typeof v !== 'boolean') continue;
      const path = formatPath(segments);
      if (v === false && !named.has(path) && !out.some((t) => t.path === path)) out.push({ path, segments, value: true, scope: [...c.at, c.key] });
      break;
    }
  }
  return out;
}

// What a template compares with string literals: a values path, a variable set from one, an
// expression reading one (`(.Values.type | default "none")`, `(lower .Values.mode)`), or a helper
// that gives one setting (`(include "x.mode" .)`). Kept as data: each form's pattern, and how an
// operand names its setting.
const LITERAL = '"[^"\\\\]*"';
const OPERAND = `${LITERAL}|\\$?\\.Values\\.[A-Za-z_][\\w.]*|\\$[A-Za-z_]\\w*|\\([^()]*\\)`;
/** The forms a comparison takes: each gives the operands it compares, the setting among them. */
const COMPARISONS: readonly { re: RegExp; operands: (m: RegExpMatchArray) => string[] }[] = [
  // eq/ne A B C...: A against the rest, either way round (eq "x" .Values.a.b)
  { re: new RegExp(`\\b(?:eq|ne)((?:\\s+(?:${OPERAND}))+)`, 'g'), operands: (m) => tokens(m[1]!) },
  // A | eq "x": the piped value is the last operand
  { re: new RegExp(`(${OPERAND})\\s*\\|\\s*(?:eq|ne)((?:\\s+${LITERAL})+)`, 'g'), operands: (m) => [m[1]!, ...tokens(m[2]!)] },
  // has A (list "x" "y"): one of a list of words
  { re: new RegExp(`\\bhas\\s+(${OPERAND})\\s+\\(\\s*list((?:\\s+${LITERAL})+)\\s*\\)`, 'g'), operands: (m) => [m[1]!, ...tokens(m[2]!)] },
];
const OPERAND_TOKEN = new RegExp(OPERAND, 'g');
const tokens = (s: string): string[] => [...s.matchAll(OPERAND_TOKEN)].map((t) => t[0]);
/** `$mode := .Values.mode | default "standalone"`: a variable a comparison may read instead. */
const ASSIGNED = /(\$[A-Za-z_]\w*)\s*:?=\s*((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const MAX_CHOICES = 4;
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}([\s\S]*?)\{\{-?\s*end\s*-?\}\}/g;

/** Helpers whose whole body reads one setting: name → that setting's path (relative to its chart). */
function settingHelpers(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) for (const [name, path] of scanOf(text).helpers) out.set(name, path);
  return out;
}

/** The setting an operand reads: a values path (with the default the expression gives it), or a helper's name. */
type Subject = { path: string; fallback?: string } | { helper: string };

/** A comparison with literals: of a values path, or of what a named helper gives. */
type Compared = Subject & { words: string[] };

/** What choiceToggles and listToggles read of one template text, in the order it appears there. */
interface TextScan {
  nearImage: boolean;
  compared: Compared[];
  /** Values paths a `range` walks (`range .Values.gateways`, `range $i, $g := .Values.gateways`). */
  ranged: string[];
  /** The helpers this text defines that read one setting: [name, path]. */
  helpers: [string, string][];
  /** Values paths an `if` reads positively (`if .Values.x`, `if and .Values.x ...`; not under `not`). */
  guards: string[];
  /** Of those, the ones an `else if` reads: a branch an earlier one masks when both are on. */
  elseIfs: string[];
  /** Values paths an `if` reads under `not`: on, they switch parts off. */
  negated: string[];
}

// Every discovery scans every template of the chart tree with these patterns, the same texts each
// time (values' proofs discover again): ~6% of a warm cert-manager discovery. Kept per text.
const SCANS = new TextMemo<TextScan>(16 * 1024 * 1024);

function scanOf(text: string): TextScan {
  return SCANS.of(text, scanText);
}

/** The setting an expression reads when it reads exactly one (through default, lower, trim, quote...). */
function subjectOf(expr: string, vars: ReadonlyMap<string, string>): Subject | undefined {
  const e = expr.replace(/^\(\s*|\s*\)$/g, '');
  const helper = /^include\s+"([^"]+)"/.exec(e);
  if (helper) return { helper: helper[1]! };
  if (/^\$[A-Za-z_]\w*$/.test(e)) {
    const assigned = vars.get(e);
    return assigned === undefined ? undefined : subjectOf(assigned, new Map());
  }
  const paths = new Set([...e.matchAll(/\$?\.Values\.([A-Za-z_][\w.]*)/g)].map((x) => x[1]!));
  // another variable or the dot in the expression: what it reads is not one setting
  if (paths.size !== 1 || /\$[A-Za-z_]|(^|[\s(])\.[A-Za-z_]/.test(e.replace(/\$?\.Values\.[\w.]+/g, ''))) return undefined;
  const fallback = /\bdefault\s+"([^"\\]*)"/.exec(e)?.[1];
  return { path: [...paths][0]!, ...(fallback !== undefined ? { fallback } : {}) };
}

function scanText(text: string): TextScan {
  const vars = new Map<string, string>();
  for (const m of text.matchAll(ASSIGNED)) if (!vars.has(m[1]!)) vars.set(m[1]!, m[2]!);
  const compared: Compared[] = [];
  for (const form of COMPARISONS)
    for (const m of text.matchAll(form.re)) {
      const ops = form.operands(m);
      const words = ops.filter((o) => o.startsWith('"')).map((o) => o.slice(1, -1));
      const subjects = ops.filter((o) => !o.startsWith('"'));
      const subject = subjects.length === 1 ? subjectOf(subjects[0]!, vars) : undefined;
      if (subject && words.length > 0) compared.push({ ...subject, words });
    }
  const scan: TextScan = {
    // a choice counts where a template that names an image compares it (a Service's type alone
    // would cost a render and never add one); its words come from every template
    nearImage: /image/i.test(text),
    compared,
    ranged: rangedOverWorkloads(text),
    helpers: [],
    guards: guardsOf(text),
    elseIfs: guardsOf(text, true),
    negated: [...text.matchAll(IF)].flatMap((m) => [...m[2]!.matchAll(NEGATED)].flatMap((n) => [...n[0].matchAll(VALUES_PATH)].map((p) => p[1]!))),
  };
  for (const m of text.matchAll(DEFINE)) {
    const body = m[2]!;
    if (/\{\{-?\s*(?:if|range|with|define|template|include)\b/.test(body)) continue;
    const paths = new Set([...body.matchAll(/\.Values\.([A-Za-z_][\w.]*)/g)].map((x) => x[1]!));
    if (paths.size === 1) scan.helpers.push([m[1]!, [...paths][0]!]);
  }
  return scan;
}

const IF = /\{\{-?\s*(else\s+)?if\s+((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const NEGATED = /\(?\s*not\s+\$?\.Values\.[A-Za-z_][\w.]*\s*\)?/g;
const VALUES_PATH = /\$?\.Values\.([A-Za-z_][\w.]*)/g;

/** `ternary "-distroless" "" .Values.image.distroless`: a boolean that picks an image's variant. */
const TERNARY = /\bternary\s+(?:"[^"]*"|[^\s"()]+)\s+(?:"[^"]*"|[^\s"()]+)\s+\$?\.Values\.([A-Za-z_][\w.]*)/g;

function guardsOf(text: string, elseOnly = false): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(IF)) if (!elseOnly || m[1]) for (const p of m[2]!.replace(NEGATED, ' ').matchAll(VALUES_PATH)) out.add(p[1]!);
  if (!elseOnly) for (const m of text.matchAll(TERNARY)) out.add(m[1]!);
  return [...out];
}

const RANGE = /\{\{-?\s*range\s+(?:\$\w+\s*(?:,\s*\$\w+\s*)?:=\s*)?\$?\.Values\.([A-Za-z_][\w.]*)\s*-?\}\}/g;
const BLOCK = /\{\{-?\s*(if|range|with|define|block|end)\b[^}]*\}\}/g;
/** What a range body must hold to bring images: a workload per entry, or a container (`image:`). */
const BRINGS_PARTS = /^\s*(?:-\s*)?(?:image:|kind:\s*["']?(?:Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)\b)/m;

/**
 * Values paths a `range` walks whose body makes a workload or a container per entry (`range
 * .Values.gateways` around a Deployment); a range over tolerations, env, pull secrets, or one that
 * makes a Role or a Secret per namespace, is none.
 */
function rangedOverWorkloads(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RANGE)) {
    const start = m.index! + m[0].length;
    let depth = 1;
    let end = text.length;
    BLOCK.lastIndex = start;
    for (let b = BLOCK.exec(text); b; b = BLOCK.exec(text)) {
      depth += b[1] === 'end' ? -1 : 1;
      if (depth === 0) {
        end = b.index;
        break;
      }
    }
    if (BRINGS_PARTS.test(text.slice(start, end))) out.push(m[1]!);
  }
  return out;
}

const SCHEMAS = new TextMemo<unknown>(4 * 1024 * 1024);

/** The string words of the `enum` values.schema.json gives a setting (by `properties`, path relative to its chart). */
function schemaEnum(schema: string | undefined, rel: string): string[] {
  if (!schema) return [];
  let node = SCHEMAS.of(schema, (t) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return undefined;
    }
  });
  for (const key of rel.split('.')) {
    const props = isRecord(node) ? node.properties : undefined;
    node = isRecord(props) ? props[key] : undefined;
  }
  const e = isRecord(node) ? node.enum : undefined;
  return Array.isArray(e) ? e.filter((w): w is string => typeof w === 'string') : [];
}

/** A path relative to its chart, from the top chart's values: a subchart's under its alias, globals as they are. */
function fromTop(at: readonly PathSegment[], rel: string): PathSegment[] {
  const segs = rel.split('.');
  return segs[0] === 'global' ? segs : [...at, ...segs];
}

/**
 * Settings that pick one of several words (harbor's expose.type: ingress, clusterIP, nodePort...):
 * the templates compare them with literals, and a literal other than the current value may
 * render parts (and images) the default does not. A setting absent from values counts where the
 * template gives it a default (the default is then its value). Returns rounds: the k-th round
 * holds the k-th other literal of every such setting, so one render never sets a path twice.
 */
export function choiceToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[][] {
  const literals = new Map<string, { segments: PathSegment[]; words: Set<string>; nearImage: boolean; fallback?: string }>();
  const helpers = new Map(charts.map((c) => [c, settingHelpers(c.texts)]));
  for (const src of charts.flatMap((c) => c.texts.map((text) => ({ at: c.at, text, helpers: helpers.get(c)!, schema: c.schema })))) {
    const { nearImage, compared } = scanOf(src.text);
    for (const m of compared) {
      const rel = 'helper' in m ? src.helpers.get(m.helper) : m.path;
      if (rel === undefined) continue;
      const segments = fromTop(src.at, rel);
      const path = formatPath(segments);
      const entry = literals.get(path) ?? { segments, words: new Set<string>(), nearImage };
      // the schema's enum names the words a template compared with one only (`ne .Values.mode "standalone"`)
      [...m.words, ...schemaEnum(src.schema, rel)].forEach((w) => entry.words.add(w));
      entry.nearImage ||= nearImage;
      if ('fallback' in m && m.fallback !== undefined) entry.fallback ??= m.fallback;
      literals.set(path, entry);
    }
  }
  const rounds: ValueToggle[][] = [];
  for (const [path, { segments, words, nearImage, fallback }] of literals) {
    const given = valueAt(values, segments);
    const now = given === undefined || given === null ? fallback : given;
    if (!nearImage || typeof now !== 'string') continue;
    // an image part compared with a word (`eq $registry "docker.io"` drops Docker Hub's host) only
    // spells the same image another way: no mode, and its other spelling is no image of the chart
    if (isImagePart(segments, now)) continue;
    [...words]
      // a word as --set can carry it back (values --include-optional sets the toggle that way)
      .filter((w) => w !== now && /^[\w.-]+$/.test(w))
      .slice(0, MAX_CHOICES)
      .forEach((w, k) => (rounds[k] ??= []).push({ path, segments, value: w }));
  }
  return rounds;
}

function isImagePart(segments: readonly PathSegment[], value: string): boolean {
  const [key, parent] = [segments[segments.length - 1], segments[segments.length - 2]];
  return typeof key === 'string' && imagePartOf(key, typeof parent === 'string' ? parent : undefined, value) !== undefined;
}

/** The entry a list toggle adds: a name is what each entry's workload is called after. */
export const LIST_ENTRY = { key: 'name', value: 'example' } as const;

/**
 * Lists and maps empty by default that a template ranges over beside an image (`gateways: []` or
 * `{}`, each entry a gateway Deployment with the chart's own image): one entry may bring parts the
 * default does not. The toggle adds one entry named LIST_ENTRY, as --set writes it
 * (`gateways[0].name=example`; a map's under that key, `gateways.example.name=example`).
 */
export function listToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  const out = new Map<string, ValueToggle>();
  for (const c of charts)
    for (const text of c.texts) {
      const { nearImage, ranged } = scanOf(text);
      if (!nearImage) continue;
      for (const rel of ranged) {
        const list = fromTop(c.at, rel);
        const v = valueAt(values, list);
        // a map ranged as `range $name, $g := .Values.gateways` takes its stand-in under the same name
        const empty = Array.isArray(v) ? v.length === 0 : isPlainMap(v) && Object.keys(v).length === 0;
        if (!empty) continue;
        const segments = [...list, Array.isArray(v) ? 0 : LIST_ENTRY.value, LIST_ENTRY.key];
        const path = formatPath(segments);
        if (!out.has(path)) out.set(path, { path, segments, value: LIST_ENTRY.value, entry: true });
      }
    }
  return [...out.values()];
}

/**
 * Booleans of any name, false by default, that an `if` tests in a template naming an image
 * (kube-ovn's HYBRID_DPDK, kubearmor's imagePinning): a switch no key naming convention finds.
 * Negated reads (`if not .Values.legacy`) switch parts off, not on, and are left out.
 */
export function guardToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  const out = new Map<string, ValueToggle>();
  for (const c of charts)
    for (const text of c.texts) {
      const { nearImage, guards } = scanOf(text);
      if (!nearImage) continue;
      for (const rel of guards) {
        const segments = fromTop(c.at, rel);
        if (valueAt(values, segments) !== false) continue;
        const path = formatPath(segments);
        if (!out.has(path)) out.set(path, { path, segments, value: true });
      }
    }
  return [...out.values()];
}

/**
 * Toggles that hide what other toggles bring when on in the same render: those an `else if` reads
 * (cilium's operator image: `if .Values.eni.enabled` aws, `else if .Values.azure.enabled` azure...)
 * are `chained`; those an `if` reads under `not` (kube-prometheus-stack's certgen Jobs: `and
 * .Values.x.enabled (not .Values.certManager.enabled)`) are `negated`. The search tries again
 * without them.
 */
export function maskingToggles(charts: readonly ChartTemplates[], toggles: readonly ValueToggle[]): { chained: ValueToggle[]; negated: ValueToggle[] } {
  const read = (pick: (scan: TextScan) => string[]) =>
    new Set(charts.flatMap((c) => c.texts.flatMap((t) => pick(scanOf(t)).map((rel) => formatPath(fromTop(c.at, rel))))));
  const chained = read((x) => x.elseIfs);
  const negated = read((x) => x.negated);
  return { chained: toggles.filter((t) => chained.has(t.path)), negated: toggles.filter((t) => negated.has(t.path)) };
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function valueAt(root: unknown, segs: readonly PathSegment[]): unknown {
  let cur = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[s as string];
  }
  return cur;
}

export function formatToggles(ts: readonly ValueToggle[]): string {
  return ts.map((t) => `${t.path}=${t.value}`).join(',');
}
