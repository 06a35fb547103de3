// The `enabled`-style switches of a values tree: the settings whose flip may make a chart use
// images the default render does not (hotReload.enabled, metrics.enabled, redis.enabled...).

import type { ChartTemplates } from './absent-values.js';
import { formatPath, type PathSegment } from './field-path.js';
import { TextMemo } from '../util/text-memo.js';

export interface ValueToggle {
  path: string;
  segments: PathSegment[];
  /** The value a flip sets: true for a switch, a literal for a choice (expose.type=clusterIP). */
  value: boolean | string;
  /** The values a flip brings in, when not the toggle's own block: a dependency's (its condition may sit anywhere). */
  scope?: PathSegment[];
}

/** `enabled`, `metricsEnabled`, `enableFoo`: the usual switch. */
const ENABLED_KEY = /^(enabled?|[a-z0-9]+Enabled|enable[A-Z_]\w*)$/;
/**
 * Switches of other names that bring parts (and their images) when on: `create`, `install`,
 * `deploy`, and the same words joined to what they bring (`installOperator`, `deployAgent`,
 * `sandboxDeploy`).
 */
const TOGGLE_KEY = new RegExp(`${ENABLED_KEY.source}|^(create|install|deploy)([A-Z_]\\w*)?$|^[a-z0-9]+(Create|Install|Deploy)$`);

/** Boolean toggles that are off (flipping them on can only add parts of a chart); `keys`: which keys switch. */
export function offToggles(values: Record<string, unknown>, keys: RegExp = TOGGLE_KEY): ValueToggle[] {
  const out: ValueToggle[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) return;
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

// eq/ne of a .Values path against string literals, either way round (eq "x" .Values.a.b)
const COMPARED = /\b(?:eq|ne)\s+\.Values\.([A-Za-z_][\w.]*)((?:\s+"[^"\\]*")+)|\b(?:eq|ne)\s+"([^"\\]*)"\s+\.Values\.([A-Za-z_][\w.]*)/g;
const MAX_CHOICES = 4;
// the same against a helper that gives one setting (a mode lower-cased or defaulted in _helpers.tpl):
// eq (include "x.mode" .) "agent", either way round
const COMPARED_HELPER = /\b(?:eq|ne)\s+\(\s*include\s+"([^"]+)"\s+[^)]*\)((?:\s+"[^"\\]*")+)|\b(?:eq|ne)\s+"([^"\\]*)"\s+\(\s*include\s+"([^"]+)"\s+[^)]*\)/g;
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}([\s\S]*?)\{\{-?\s*end\s*-?\}\}/g;

/** Helpers whose whole body reads one setting: name → that setting's path (relative to its chart). */
function settingHelpers(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) for (const [name, path] of scanOf(text).helpers) out.set(name, path);
  return out;
}

/** A comparison with literals: of a values path, or of what a named helper gives. */
interface Compared {
  path: string;
  words: string[];
}

/** What choiceToggles reads of one template text, in the order it appears there. */
interface TextScan {
  nearImage: boolean;
  direct: Compared[];
  /** `path` is the helper's name here. */
  viaHelper: Compared[];
  /** The helpers this text defines that read one setting: [name, path]. */
  helpers: [string, string][];
}

// Every discovery scans every template of the chart tree with these patterns, the same texts each
// time (values' proofs discover again): ~6% of a warm cert-manager discovery. Kept per text.
const SCANS = new TextMemo<TextScan>(16 * 1024 * 1024);

function scanOf(text: string): TextScan {
  return SCANS.of(text, scanText);
}

function scanText(text: string): TextScan {
  const quoted = (s: string) => [...s.matchAll(/"([^"\\]*)"/g)].map((w) => w[1]!);
  const scan: TextScan = {
    // a choice counts where a template that names an image compares it (a Service's type alone
    // would cost a render and never add one); its words come from every template
    nearImage: /image/i.test(text),
    direct: [...text.matchAll(COMPARED)].map((m) => ({ path: m[1] ?? m[4]!, words: m[1] ? quoted(m[2]!) : [m[3]!] })),
    viaHelper: [...text.matchAll(COMPARED_HELPER)].map((m) => ({ path: m[1] ?? m[4]!, words: m[1] ? quoted(m[2]!) : [m[3]!] })),
    helpers: [],
  };
  for (const m of text.matchAll(DEFINE)) {
    const body = m[2]!;
    if (/\{\{-?\s*(?:if|range|with|define|template|include)\b/.test(body)) continue;
    const paths = new Set([...body.matchAll(/\.Values\.([A-Za-z_][\w.]*)/g)].map((x) => x[1]!));
    if (paths.size === 1) scan.helpers.push([m[1]!, [...paths][0]!]);
  }
  return scan;
}

/**
 * Settings that pick one of several words (harbor's expose.type: ingress, clusterIP, nodePort...):
 * the templates compare them with literals, and a literal other than the current value may
 * render parts (and images) the default does not. Returns rounds: the k-th round holds the k-th
 * other literal of every such setting, so one render never sets a path twice.
 */
export function choiceToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[][] {
  const literals = new Map<string, { segments: PathSegment[]; words: Set<string>; nearImage: boolean }>();
  const helpers = new Map(charts.map((c) => [c, settingHelpers(c.texts)]));
  for (const src of charts.flatMap((c) => c.texts.map((text) => ({ at: c.at, text, helpers: helpers.get(c)! })))) {
    const { nearImage, direct, viaHelper: calls } = scanOf(src.text);
    const viaHelper = calls.flatMap((m) => {
      const path = src.helpers.get(m.path);
      return path ? [{ path, words: m.words }] : [];
    });
    for (const m of [...direct, ...viaHelper]) {
      const rel = m.path.split('.');
      const words = m.words;
      const segments = rel[0] === 'global' ? rel : [...src.at, ...rel];
      const path = formatPath(segments);
      const entry = literals.get(path) ?? { segments, words: new Set<string>(), nearImage };
      words.forEach((w) => entry.words.add(w));
      entry.nearImage ||= nearImage;
      literals.set(path, entry);
    }
  }
  const rounds: ValueToggle[][] = [];
  for (const [path, { segments, words, nearImage }] of literals) {
    const now = valueAt(values, segments);
    if (!nearImage || typeof now !== 'string') continue;
    [...words]
      // a word as --set can carry it back (values --include-optional sets the toggle that way)
      .filter((w) => w !== now && /^[\w.-]+$/.test(w))
      .slice(0, MAX_CHOICES)
      .forEach((w, k) => (rounds[k] ??= []).push({ path, segments, value: w }));
  }
  return rounds;
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
