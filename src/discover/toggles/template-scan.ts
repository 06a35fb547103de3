// The template scan the toggle searches share: what one template text compares with literals,
// ranges over, tests in an `if` (plainly, in an `else if`, under `not`), and which helpers read
// one setting. Pattern-based and memoised per text (every discovery scans the same texts).

import { TextMemo } from '../../util/text-memo.js';
import { ASSIGNMENT, branchEnds, ifGuards, nilSafeRead, type IfGuards } from './if-guards.js';
import { affixExample, patternExample } from './pattern-example.js';

// What a template compares with string literals: a values path, a variable set from one, an
// expression reading one (`(.Values.type | default "none")`, `(lower .Values.mode)`), or a helper
// that gives one setting (`(include "x.mode" .)`). Kept as data: each form's pattern, and how an
// operand names its setting.
const LITERAL = '"[^"\\\\]*"';
// a parenthesised expression, one level of parentheses inside (`(toString (index .Values.configMap "X" | default ""))`)
const OPERAND = `${LITERAL}|\\$?\\.Values\\.[A-Za-z_][\\w.]*|\\$[A-Za-z_]\\w*|\\((?:[^()]|\\([^()]*\\))*\\)`;
/**
 * The forms a comparison takes: each gives the operands it compares, the setting among them. `cue`
 * is a cheap test a text passes before the form's pattern (its leading alternation is slow to
 * scan, and most texts hold no piped comparison) runs over it.
 */
const COMPARISONS: readonly { cue: RegExp; re: RegExp; operands: (m: RegExpMatchArray) => string[] }[] = [
  // eq/ne A B C...: A against the rest, either way round (eq "x" .Values.a.b)
  { cue: /\b(?:eq|ne)\s/, re: new RegExp(`\\b(?:eq|ne)((?:\\s+(?:${OPERAND}))+)`, 'g'), operands: (m) => tokens(m[1]!) },
  // A | eq "x": the piped value is the last operand
  { cue: /\|\s*(?:eq|ne)\s/, re: new RegExp(`(${OPERAND})\\s*\\|\\s*(?:eq|ne)((?:\\s+${LITERAL})+)`, 'g'), operands: (m) => [m[1]!, ...tokens(m[2]!)] },
  // has A (list "x" "y"): one of a list of words
  {
    cue: /\bhas\s/,
    re: new RegExp(`\\bhas\\s+(${OPERAND})\\s+\\(\\s*list((?:\\s+${LITERAL})+)\\s*\\)`, 'g'),
    operands: (m) => [m[1]!, ...tokens(m[2]!)],
  },
];
/** A Go string literal with its escapes (a pattern's `\\d`), or a variable set to one. */
const ESCAPED = '"(?:[^"\\\\]|\\\\.)*"';
const PATTERN = `${ESCAPED}|\\$[A-Za-z_]\\w*`;
const MATCHER = 'regexMatch|regexFind|mustRegexMatch|mustRegexFind';
/**
 * Tests of a setting against a pattern or an affix (`regexFind "^s3://.+" (toString .Values.x)`,
 * `.Values.repo | hasPrefix "git@"`): a string that passes is made (toggles/pattern-example.ts) and
 * tried like a word an `eq` compares with.
 */
const PATTERN_TESTS: readonly { cue: RegExp; re: RegExp; parts: (m: RegExpMatchArray) => { test: string; literal: string; operand: string } }[] = [
  {
    cue: /\b(?:regexMatch|regexFind|mustRegexMatch|mustRegexFind|hasPrefix|hasSuffix|contains)\s/,
    re: new RegExp(`\\b(${MATCHER}|hasPrefix|hasSuffix|contains)\\s+(${PATTERN})\\s+(${OPERAND})`, 'g'),
    parts: (m) => ({ test: m[1]!, literal: m[2]!, operand: m[3]! }),
  },
  {
    cue: /\|\s*(?:regexMatch|regexFind|mustRegexMatch|mustRegexFind|hasPrefix|hasSuffix|contains)\s/,
    re: new RegExp(`(${OPERAND})\\s*\\|\\s*(${MATCHER}|hasPrefix|hasSuffix|contains)\\s+(${PATTERN})`, 'g'),
    parts: (m) => ({ test: m[2]!, literal: m[3]!, operand: m[1]! }),
  },
];
const OPERAND_TOKEN = new RegExp(OPERAND, 'g');
const tokens = (s: string): string[] => [...s.matchAll(OPERAND_TOKEN)].map((t) => t[0]);
/** Functions whose result says something of their operands rather than being one of them. */
const PREDICATE =
  /[({|]\s*-?\s*(?:eq|ne|lt|le|gt|ge|and|or|not|empty|has|hasKey|hasPrefix|hasSuffix|contains|regexMatch|mustRegexMatch|semverCompare|kindIs|typeIs|ternary)\s/;
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}([\s\S]*?)\{\{-?\s*end\s*-?\}\}/g;

/** The helpers a text defines, each with its body up to the first `end` (a pattern scan's cut: a nested block ends it early). */
export function helperDefinitions(text: string): [name: string, body: string][] {
  return [...text.matchAll(DEFINE)].map((m) => [m[1]!, m[2]!]);
}

/** Helpers whose whole body reads one setting: name → that setting's path (relative to its chart). */
export function settingHelpers(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) for (const [name, path] of scanOf(text).helpers) out.set(name, path);
  return out;
}

/** The setting an operand reads: a values path (with the default the expression gives it), or a helper's name. */
type Subject = { path: string; fallback?: string; stringified?: true } | { helper: string };

/**
 * A comparison with literals: of a values path, or of what a named helper gives. `made`: the word
 * was made to pass a pattern test, and may hold what a word of an `eq` does not (`s3://x`).
 */
type Compared = Subject & { words: string[]; made?: boolean; offset: number };

/** What the toggle searches (toggles/value.ts) read of one template text, in the order it appears there. */
export interface TextScan extends IfGuards {
  nearImage: boolean;
  compared: Compared[];
  /** Values paths a `range` walks (`range .Values.gateways`, `range $i, $g := .Values.gateways`). */
  ranged: string[];
  /** Words a template looks for in a list setting (`has "cicd" .Values.installer.modules`): [path, word]. */
  members: [string, string][];
  /** The helpers this text defines that read one setting: [name, path]. */
  helpers: [string, string][];
  /** Values blocks whose `name` opens an image field, the tag joined after it (`image: "{{ .Values.x.image.name }}:{{ ... }}"`). */
  wholeNames: string[];
  /** The helpers this text defines that print one string setting's `Key=value` entries as a map (feature gates). */
  entryMaps: EntryMap[];
}

/** A helper printing a string setting's `Key=value` entries (split at `separator`) as YAML: `path` relative to its chart. */
export interface EntryMap {
  helper: string;
  path: string;
  separator: string;
}

// Every discovery scans every template of the chart tree with these patterns, the same texts each
// time (values' proofs discover again): ~6% of a warm cert-manager discovery. Kept per text.
const SCANS = new TextMemo<TextScan>(16 * 1024 * 1024);

export function scanOf(text: string): TextScan {
  return SCANS.of(text, scanText);
}

/** `index .Values.configMap "ENABLE_CRAFT"`: a key of a values map, absent from it or not (Onyx's Craft switch). */
const INDEXED = /\bindex\s+\$?\.Values\.([A-Za-z_][\w.]*)\s+"([A-Za-z_]\w*)"/g;

/** The setting an expression reads when it reads exactly one (through default, lower, trim, quote...). */
function subjectOf(expr: string, vars: ReadonlyMap<string, string>): Subject | undefined {
  const e = nilSafeRead(expr).replace(/^\(\s*|\s*\)$/g, '');
  const helper = /^include\s+"([^"]+)"/.exec(e);
  if (helper) return { helper: helper[1]! };
  if (/^\$[A-Za-z_]\w*$/.test(e)) {
    const assigned = vars.get(e);
    return assigned === undefined ? undefined : subjectOf(assigned, new Map());
  }
  const paths = new Set([...e.replace(INDEXED, '.Values.$1.$2').matchAll(/\$?\.Values\.([A-Za-z_][\w.]*)/g)].map((x) => x[1]!));
  // another variable or the dot in the expression: what it reads is not one setting
  if (paths.size !== 1 || /\$[A-Za-z_]|(^|[\s(])\.[A-Za-z_]/.test(e.replace(INDEXED, '').replace(/\$?\.Values\.[\w.]+/g, ''))) return undefined;
  const fallback = /\bdefault\s+"([^"\\]*)"/.exec(e)?.[1];
  // read as text (`toString`): a word `--set` gives as a boolean or a number compares the same
  const stringified = /\b(?:toString|quote|squote|print)\b/.test(e);
  return { path: [...paths][0]!, ...(fallback !== undefined ? { fallback } : {}), ...(stringified ? { stringified: true as const } : {}) };
}

function scanText(text: string): TextScan {
  const vars = new Map<string, string>();
  // `$mode := .Values.mode | default "standalone"`: a variable a comparison may read instead
  for (const m of text.matchAll(ASSIGNMENT)) if (!vars.has(m[1]!)) vars.set(m[1]!, m[2]!);
  const compared: Compared[] = [];
  for (const form of COMPARISONS)
    for (const m of form.cue.test(text) ? text.matchAll(form.re) : []) {
      const ops = form.operands(m);
      const words = ops.filter((o) => o.startsWith('"')).map((o) => o.slice(1, -1));
      const subjects = ops.filter((o) => !o.startsWith('"'));
      const subject = subjects.length === 1 ? subjectOf(subjects[0]!, vars) : undefined;
      if (subject && words.length > 0) compared.push({ ...subject, words, offset: m.index });
    }
  for (const form of PATTERN_TESTS)
    for (const m of form.cue.test(text) ? text.matchAll(form.re) : []) {
      const { test, literal, operand } = form.parts(m);
      const subject = subjectOf(operand, vars);
      const given = (literal.startsWith('$') ? vars.get(literal) : literal)?.trim();
      const value = given !== undefined && /^"(?:[^"\\]|\\.)*"$/.test(given) ? goString(given) : undefined;
      if (!subject || value === undefined) continue;
      const word = /^(hasPrefix|hasSuffix|contains)$/.test(test) ? affixExample(test as 'hasPrefix', value) : patternExample(value);
      if (word !== undefined) compared.push({ ...subject, words: [word], made: true, offset: m.index });
    }
  let blocks: Map<number, number> | undefined;
  const ends = () => (blocks ??= branchEnds(text));
  const scan: TextScan = {
    // a choice counts where a template that names an image compares it (a Service's type alone
    // would cost a render and never add one); its words come from every template
    nearImage: /image/i.test(text),
    compared,
    ranged: rangedOverWorkloads(text, ends),
    members: [...text.matchAll(MEMBER)].map((m) => [m[2]!, m[1]!] as [string, string]),
    helpers: [],
    wholeNames: [...text.matchAll(WHOLE_NAME)].map((m) => m[1]!),
    entryMaps: text.includes('=') ? entryMaps(text, ends) : [],
    ...ifGuards(text, ends),
  };
  for (const [name, body] of helperDefinitions(text)) {
    if (/\{\{-?\s*(?:if|range|with|define|template|include)\b/.test(body)) continue;
    // a helper that tests the setting (loki's `loki.deployment.isScalable`: `and (...) (or (eq
    // .Values.deploymentMode "SimpleScalable") ...)`) gives its verdict, "true" or "", not the
    // setting: a comparison of its output with "true" names no word the setting may hold
    if (PREDICATE.test(body)) continue;
    const paths = new Set([...body.matchAll(/\.Values\.([A-Za-z_][\w.]*)/g)].map((x) => x[1]!));
    if (paths.size === 1) scan.helpers.push([name, [...paths][0]!]);
  }
  return scan;
}

const DEFINE_OPEN = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g;
/** `splitList "&" $.Values.gates` or `.Values.gates | splitList ","`: one setting cut into entries. */
const SPLIT_SETTING = [
  /\b(?:splitList|split)\s+"([^"]+)"\s+\$?\.Values\.([A-Za-z_][\w.]*)/,
  /\$?\.Values\.([A-Za-z_][\w.]*)\s*\|\s*(?:splitList|split)\s+"([^"]+)"/,
] as const;
/** Each entry cut at `=` into its key and value. */
const SPLIT_PAIR = /\b(?:splitn\s+"="\s+\d|splitList\s+"="|split\s+"=")/;

/** Helpers (bodies up to their own `end`) that cut one setting into entries and each entry at `=`. */
function entryMaps(text: string, ends: () => Map<number, number>): EntryMap[] {
  const out: EntryMap[] = [];
  for (const d of text.matchAll(DEFINE_OPEN)) {
    const body = text.slice(d.index + d[0].length, ends().get(d.index) ?? text.length);
    if (!SPLIT_PAIR.test(body)) continue;
    const [a, b] = [SPLIT_SETTING[0].exec(body), SPLIT_SETTING[1].exec(body)];
    const [separator, path] = a ? [a[1]!, a[2]!] : b ? [b[2]!, b[1]!] : [];
    if (separator !== undefined && path !== undefined && separator !== '=') out.push({ helper: d[1]!, path, separator });
  }
  return out;
}

// `name` first in an image field and a tag after it: the name is the whole repository, as Docker
// Hub's official images are named (`traefik`), not a fragment joined under another setting
const WHOLE_NAME = /\bimage:\s*["']?\{\{-?\s*\$?\.Values\.([A-Za-z_][\w.]*)\.name\s*-?\}\}:/g;
/** Sprig's `has NEEDLE LIST` with a literal needle: a part turned on by naming it in a list. */
const MEMBER = /\bhas\s+"([\w.-]+)"\s+\(?\$?\.Values\.([A-Za-z_][\w.]*)/g;
export const RANGE = /\{\{-?\s*range\s+(?:\$\w+\s*(?:,\s*\$\w+\s*)?:=\s*)?\$?\.Values\.([A-Za-z_][\w.]*)\s*-?\}\}/g;
/** What a range body must hold to bring images: a workload per entry, or a container (`image:`). */
const BRINGS_PARTS = /^\s*(?:-\s*)?(?:image:|kind:\s*["']?(?:Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)\b)/m;

/**
 * Values paths a `range` walks whose body makes a workload or a container per entry (`range
 * .Values.gateways` around a Deployment); a range over tolerations, env, pull secrets, or one that
 * makes a Role or a Secret per namespace, is none.
 */
function rangedOverWorkloads(text: string, ends: () => Map<number, number>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RANGE)) {
    const start = m.index + m[0].length;
    if (BRINGS_PARTS.test(text.slice(start, ends().get(m.index) ?? text.length))) out.push(m[1]!);
  }
  return out;
}

/** A Go interpreted string literal's text (`"\\d"` is `\d`). */
function goString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}
