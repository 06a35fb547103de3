// The `if`s of a template text read as the optional search needs them: which values paths each
// tests (plainly, in an `else if`, under `not`), and whether the branch it opens can bring an image.
// The block structure is found in one pass over the text's tags; what a branch holds is read only
// for the paths a search asks about (most `if`s test settings that are no false boolean).

const IF = /\{\{-?\s*(else\s+)?if\s+((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
/** `with .Values.x`, `range $k, $v := .Values.x`: a block whose body an empty map or list skips. */
const OPENS = /\{\{-?\s*(?:with|range)\s+(?:\$\w+\s*(?:,\s*\$\w+\s*)?:=\s*)?((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const NEGATED = /\(?\s*not\s+\$?\.Values\.[A-Za-z_][\w.]*\s*\)?/g;
export const VALUES_PATH = /\$?\.Values\.([A-Za-z_][\w.]*)/g;
/**
 * One branch of a ternary: a string, a word, or an expression in parentheses (renovate's
 * `ternary (printf "%s-full" .Values.image.tag) .Values.image.tag`), one level deep.
 */
const BRANCH = String.raw`(?:"[^"]*"|\((?:[^()"]|"[^"]*")*\)|[^\s"()|}]+)`;
/** `(.Values.a).b`: a block's field read nil-safe (Horizon's `((.Values.grafana).imageRenderer).replicaCount`). */
const NIL_SAFE = /\((\$?\.Values(?:\.[A-Za-z_]\w*)+)\)((?:\.[A-Za-z_]\w*)+)/g;
/**
 * An expression with its nil-safe field reads spelled as plain paths (`(.Values.a).b` as
 * `.Values.a.b`): VALUES_PATH stops at the `)`, so the guard would be the block a (a map, no switch)
 * and the count or string it tests never flipped. Most expressions hold no `).`: returned as they are.
 */
export function nilSafeRead(expr: string): string {
  if (!expr.includes(').')) return expr;
  for (let prev = ''; prev !== expr;) [prev, expr] = [expr, expr.replace(NIL_SAFE, '$1$2')];
  return expr;
}
/** `ternary "-distroless" "" .Values.image.distroless`: a boolean that picks an image's variant. */
const TERNARY = new RegExp(String.raw`\bternary\s+${BRANCH}\s+${BRANCH}\s+\$?\.Values\.([A-Za-z_][\w.]*)`, 'g');
/** The same piped: `.Values.image.useUnprivilegedImage | ternary "-unprivileged" ""` (qdrant). */
const PIPED_TERNARY = new RegExp(String.raw`\$?\.Values\.([A-Za-z_][\w.]*)\s*\|\s*ternary\s+${BRANCH}\s+${BRANCH}`, 'g');
/**
 * The word image, not as a pull setting (`imagePullPolicy`, `imagePullSecrets`, `.Values.images.pullPolicy`):
 * a branch that sets only how or with which secret the pod pulls brings no image (argo-workflows'
 * `if or .Values.executor.resources ...` around the executor's config, whose only such word is its
 * pull policy, cost a render for each of four empty maps).
 */
const IMAGE_WORD = /image(?!s?\.?pull(?:policy|secrets))/i;
/** What a branch holds that brings an image: the word, a workload, a variable set (a helper's image name). */
const BRANCH_BRINGS = new RegExp(
  `${IMAGE_WORD.source}|\\bkind:\\s*["']?(?:Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)\\b|\\$\\w+\\s*=(?!=)`,
  'i',
);
const INCLUDE = /\b(?:include|template)\s+"([^"]+)"/g;
const DEFINE_TAG = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g;
/** `$image := .Values.image` (or `=`): a variable an `if` may read a values block's field through (`if $image.useSlim`). */
export const ASSIGNMENT = /(\$[A-Za-z_]\w*)\s*:?=\s*((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const BLOCK_PATH = /^\$?\.Values\.([A-Za-z_][\w.]*)$/;
/** `include "x.gates" . | fromYaml` (or `fromYaml (include ...)`): a variable holding the map a helper prints. */
const HELPER_MAP = /^(?:\(?\s*include\s+"([^"]+)"[^|()]*\)?\s*\|\s*fromYaml|fromYaml\s+\(\s*include\s+"([^"]+)"[^()]*\))$/;
/** `$gates.Processor` read positively (not right after `not`): a key of such a map an `if` tests. */
const MAP_KEY = /(?<!\bnot\s+)(\$[A-Za-z_]\w*)\.([A-Za-z_]\w*)\b/g;
const VAR_FIELD = /(\$[A-Za-z_]\w*)\.(?=[A-Za-z_])/g;
const ELSE_AT = /^\{\{-?\s*else\b/;
const BLOCK = /\{\{-?\s*(if|range|with|define|block|else|end)\b[^}]*\}\}/g;

/**
 * A values path an `if` tests. `brings`: the branch it opens can bring an image: it names one or a
 * workload, sets a variable (eck's `$repo = printf "%s-ubi" $repo` in its image helper), sits on a
 * line or in a helper that names one, or includes one of `imageHelpers` (the helpers of the chart
 * tree that name an image: helpers are global to it). A branch that only adds an argument, a label
 * or a Role's rule cannot, and a search spends no render on it.
 */
export interface Guard {
  path: string;
  /** Where the tags of the `if`s (or ternaries) that read it sit in the text. */
  tags: readonly number[];
  brings(imageHelpers: () => ReadonlySet<string>): boolean;
  /**
   * The branch's own text brings one (or includes a helper that names one), not only the line or
   * the image helper it sits in: a pod helper's `with .Values.resources` brings nothing.
   */
  holds(imageHelpers: () => ReadonlySet<string>): boolean;
}

/** A key of the map a helper prints that an `if` tests (`if $gates.Processor`, `$gates := include "x.gates" . | fromYaml`). */
export interface MapKeyGuard extends Guard {
  helper: string;
}

export interface IfGuards {
  /**
   * Values paths an `if` (or a `ternary`) reads positively (`if .Values.x`, `if and .Values.x ...`;
   * not under `not`), also through a variable set to a values block (open-webui's `$image :=
   * .Values.image` ... `if $image.useSlim`).
   */
  guards: Guard[];
  /** Of those, the ones an `else if` reads: a branch an earlier one masks when both are on. */
  elseIfs: Guard[];
  /** Values paths an `if` reads under `not`: on, they switch parts off. */
  negated: Guard[];
  /**
   * Of the guards, those of an `if` (or `else if`) whose branch ends at an `else`: off, they hand the
   * chain on to a later branch (OpenObserve's oss image under `else` of `if .Values.enterprise.enabled`).
   */
  elsed: Guard[];
  /** Values paths a `with` or `range` opens its body over: an empty map or list skips that body. */
  opened: Guard[];
  /** Keys of a helper's printed map an `if` reads positively (feature gates a helper parses from one string). */
  mapKeys: MapKeyGuard[];
  /** The values paths each `if` of two or more reads positively (`and (eq .Values.mode "x") .Values.y`): settings one branch needs together. */
  together: string[][];
  /** The helpers this text defines whose body names an image. */
  imageHelpers(): string[];
}

/**
 * Where each branch a tag opens ends, by the tag's offset: an `if`, `range`, `with`, `define` or
 * `block` at its `else` or `end`, an `else` (`else if`) at the next one of the same depth.
 */
export function branchEnds(text: string): Map<number, number> {
  const ends = new Map<number, number>();
  const open: number[] = [];
  for (const b of text.matchAll(BLOCK)) {
    if (b[1] !== 'end' && b[1] !== 'else') {
      open.push(b.index);
      continue;
    }
    const top = open.pop();
    if (top !== undefined) ends.set(top, b.index);
    if (b[1] === 'else' && top !== undefined) open.push(b.index);
  }
  return ends;
}

interface Branch {
  /** The offset of the tag that opens it, and of its text. */
  tag: number;
  start: number;
  own?: boolean;
  /** Its own text names an image or a workload, or sets a variable. */
  held?: boolean;
  helpers?: string[];
}

/** A helper a text defines: its name, and where its `define` tag and its body's `end` sit. */
export interface HelperDefine {
  name: string;
  tag: number;
  end: number;
}

/** The helpers a text defines, each with its extent (`ends`: the text's branchEnds). */
export function definedHelpers(text: string, ends: ReadonlyMap<number, number> = branchEnds(text)): HelperDefine[] {
  return [...text.matchAll(DEFINE_TAG)].map((d) => ({ name: d[1]!, tag: d.index, end: ends.get(d.index) ?? text.length }));
}

/** The helpers a text includes (or runs with `template`), in order. */
export function includedHelpers(text: string): string[] {
  return [...text.matchAll(INCLUDE)].map((m) => m[1]!);
}

/** The guards, else-if guards and negated reads of every `if` of a text; `ends` its branchEnds (made once per text). */
export function ifGuards(text: string, ends: () => Map<number, number>): IfGuards {
  const endOf = (tag: number) => ends().get(tag) ?? text.length;
  let defines: HelperDefine[] | undefined;
  const imageDefines = () => (defines ??= definedHelpers(text, ends()).filter((d) => IMAGE_WORD.test(text.slice(d.tag, d.end))));
  const held = (b: Branch): boolean => (b.held ??= BRANCH_BRINGS.test(text.slice(b.start, endOf(b.tag))));
  const own = (b: Branch): boolean => {
    if (b.own !== undefined) return b.own;
    const line = text.slice(text.lastIndexOf('\n', b.tag) + 1, b.start);
    b.own = held(b) || IMAGE_WORD.test(line) || imageDefines().some((d) => d.tag < b.tag && b.tag < d.end);
    return b.own;
  };
  const included = (b: Branch): string[] => (b.helpers ??= includedHelpers(text.slice(b.start, endOf(b.tag))));
  const guard = (path: string, branches: Branch[]): Guard => {
    let brings: boolean | undefined;
    let holds: boolean | undefined;
    const includes = (helpers: () => ReadonlySet<string>) => branches.some((b) => included(b).some((h) => helpers().has(h)));
    return {
      path,
      tags: branches.map((b) => b.tag),
      brings: (helpers) => (brings ??= branches.some(own)) || includes(helpers),
      holds: (helpers) => (holds ??= branches.some(held)) || includes(helpers),
    };
  };
  const guards = new Map<string, Branch[]>();
  const elseIfs = new Map<string, Branch[]>();
  const negated = new Map<string, Branch[]>();
  const elsed = new Map<string, Branch[]>();
  const together: string[][] = [];
  const add = (into: Map<string, Branch[]>, path: string, b: Branch) => {
    const bs = into.get(path);
    if (!bs) into.set(path, [b]);
    else if (!bs.includes(b)) bs.push(b);
  };
  const mapKeys = new Map<string, Branch[]>();
  const assigned = text.includes('$')
    ? [...text.matchAll(ASSIGNMENT)].map((a) => {
        const map = HELPER_MAP.exec(a[2]!);
        return { at: a.index, name: a[1]!, path: BLOCK_PATH.exec(a[2]!)?.[1], helper: map?.[1] ?? map?.[2] };
      })
    : [];
  const helperMaps = assigned.some((a) => a.helper);
  // a variable's field as the values path it reads, by the variable's last assignment before the `if`
  const spelled = (test: string, at: number) =>
    assigned.length === 0 || !test.includes('$')
      ? test
      : test.replace(VAR_FIELD, (v, name: string) => {
          const a = assigned.findLast((x) => x.name === name && x.at < at);
          return a?.path ? `.Values.${a.path}.` : v;
        });
  for (const m of text.matchAll(IF)) {
    const b: Branch = { tag: m.index, start: m.index + m[0].length };
    const test = nilSafeRead(spelled(m[2]!, m.index));
    const not = test.includes('not');
    // the branch after this one, when there is an `else`: what an off switch brings instead
    const end = endOf(m.index);
    const next: Branch | undefined = ELSE_AT.test(text.slice(end, end + 16)) ? { tag: end, start: text.indexOf('}}', end) + 2 } : undefined;
    const read: string[] = [];
    for (const p of (not ? test.replace(NEGATED, ' ') : test).matchAll(VALUES_PATH)) {
      read.push(p[1]!);
      add(guards, p[1]!, b);
      if (m[1]) add(elseIfs, p[1]!, b);
      if (next) add(elsed, p[1]!, next);
    }
    if (read.length > 1) together.push(read);
    if (not) for (const n of test.matchAll(NEGATED)) for (const p of n[0].matchAll(VALUES_PATH)) add(negated, p[1]!, b);
    if (helperMaps)
      for (const k of m[2]!.matchAll(MAP_KEY)) {
        const helper = assigned.findLast((x) => x.name === k[1] && x.at < m.index)?.helper;
        if (helper) add(mapKeys, `${helper}\n${k[2]!}`, b);
      }
  }
  const opened = new Map<string, Branch[]>();
  for (const m of text.matchAll(OPENS)) {
    const b: Branch = { tag: m.index, start: m.index + m[0].length };
    for (const p of nilSafeRead(m[1]!).matchAll(VALUES_PATH)) add(opened, p[1]!, b);
  }
  // a ternary's boolean picks between two spellings of what it is in: an image's variant, where it names one
  // most texts hold no ternary: both patterns (the piped one tried at every .Values) skipped
  if (text.includes('ternary'))
    for (const re of [TERNARY, PIPED_TERNARY]) for (const m of text.matchAll(re)) add(guards, m[1]!, { tag: m.index, start: m.index, own: true, held: true });
  const list = (m: Map<string, Branch[]>) => [...m].map(([path, bs]) => guard(path, bs));
  const keyed = [...mapKeys].map(([at, bs]) => {
    const [helper, key] = at.split('\n') as [string, string];
    return { ...guard(key, bs), helper };
  });
  return {
    guards: list(guards),
    elseIfs: list(elseIfs),
    negated: list(negated),
    elsed: list(elsed),
    opened: list(opened),
    mapKeys: keyed,
    together,
    imageHelpers: () => imageDefines().map((d) => d.name),
  };
}
