// Masterminds/semver v3 constraints (what Helm's semverCompare and chart dependency versions
// use): "||" of comma/space-separated ANDs, hyphen ranges, x/X/* wildcards, ~ and ^; a
// prerelease version only satisfies a constraint that itself names a prerelease.
import { argString } from './cast.js';
import { SemverError, Version, compareVersions, comparePrerelease, parseVersion } from './semver.js';

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const ONE_RE = new RegExp(String.raw`^\s*(${OPS})\s*(${CV})\s*$`);
const RANGE_RE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g');
const FIND_RE = new RegExp(String.raw`(${OPS})\s*(${CV})`, 'g');
const VALID_RE = new RegExp(String.raw`^(\s*(${OPS})\s*(${CV})\s*)((?:\s+|,\s*)(${OPS})\s*(${CV})\s*)*$`);

interface Term {
  readonly op: string;
  readonly orig: string;
  readonly con: Version;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

/** A parsed constraint: OR of AND groups. */
export interface Constraint {
  readonly source: string;
  readonly groups: readonly (readonly Term[])[];
}

const isX = (s: string | undefined): boolean => s === 'x' || s === 'X' || s === '*';

function parseTerm(s: string): Term {
  if (s === '') {
    return { op: '', orig: '', con: parseVersion('0.0.0'), dirty: true, minorDirty: false, patchDirty: false };
  }
  const m = ONE_RE.exec(s);
  if (!m) throw new SemverError(`improper constraint: ${s}`);
  const [op, orig, major, minorPart = '', patchPart = '', prePart = ''] = [m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]];
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) ((ver = `0.0.0${prePart}`), (dirty = true));
  else if (minorPart === '' || isX(minorPart.slice(1))) ((ver = `${major}.0.0${prePart}`), (dirty = minorDirty = true));
  else if (patchPart === '' || isX(patchPart.slice(1))) ((ver = `${major}${minorPart}.0${prePart}`), (dirty = patchDirty = true));
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { op, orig, con, dirty, minorDirty, patchDirty };
}

// The same few constraints are parsed over and over: each of the operator table's releases (14 for
// cert-manager's solver) whenever a render sights the operator, a chart's kubeVersion per render.
// A parsed constraint is read only (no template is handed one), so one parse serves them all; a
// refusal is worked out again.
const PARSED = new Map<string, Constraint>();

/** semver.NewConstraint. Throws "improper constraint: ..." as Masterminds does. */
export function parseConstraint(source: string): Constraint {
  let c = PARSED.get(source);
  if (c === undefined) {
    c = parseNewConstraint(source);
    if (PARSED.size >= 4096) PARSED.clear();
    PARSED.set(source, c);
  }
  return c;
}

/**
 * One comparison with a whole version ("1.2.3", ">= 1.22.0-0", "^2.0.0"): the only form most
 * charts' kubeVersion and dependency versions take. The expressions above read it as one group of
 * one term: the whole text, the operator, the version (no wildcard, so not dirty). Read here
 * without them: compiling them was about 1 ms of a `template` of a chart with either.
 */
const SIMPLE_RE = /^(?:(>=|<=|>|<|!=|=|~|\^)\s*)?(v?[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)$/;

function parseNewConstraint(source: string): Constraint {
  const simple = SIMPLE_RE.exec(source);
  if (simple) {
    const [op = '', orig] = [simple[1], simple[2]!];
    let con: Version;
    try {
      con = parseVersion(orig);
    } catch {
      throw new SemverError('constraint Parser Error');
    }
    return { source, groups: [[{ op, orig, con, dirty: false, minorDirty: false, patchDirty: false }]] };
  }
  const rewritten = source.replace(RANGE_RE, (_all, lo: string, ...rest: unknown[]) => `>= ${lo}, <= ${rest[9] as string}`);
  const groups = rewritten.split('||').map((part) => {
    if (!VALID_RE.test(part)) throw new SemverError(`improper constraint: ${part}`);
    const found = part.match(FIND_RE) ?? [part];
    return found.map(parseTerm);
  });
  return { source, groups };
}

type Check = (v: Version, c: Term) => boolean;

const cmp = compareVersions;

const tilde: Check = (v, c) => {
  if (cmp(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  return v.minor === c.con.minor || c.minorDirty;
};

const notEqual: Check = (v, c) => {
  if (c.dirty) {
    if (c.con.major !== v.major) return true;
    if (c.minorDirty) return false;
    if (c.con.minor !== v.minor) return true;
    if (c.patchDirty) return (v.pre !== '' || c.con.pre !== '') && comparePrerelease(v.pre, c.con.pre) !== 0;
    if (c.con.patch !== v.patch) return true;
  }
  return cmp(v, c.con) !== 0;
};

const greater: Check = (v, c) => {
  if (!c.dirty) return cmp(v, c.con) > 0;
  if (v.major !== c.con.major) return v.major > c.con.major;
  if (c.minorDirty) return false;
  if (c.patchDirty) return v.minor > c.con.minor;
  return cmp(v, c.con) > 0;
};

const lessEqual: Check = (v, c) => {
  if (!c.dirty) return cmp(v, c.con) <= 0;
  if (v.major > c.con.major) return false;
  return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
};

const caret: Check = (v, c) => {
  if (cmp(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (v.minor > 0n) return false;
  return v.patch === c.con.patch;
};

const CHECKS: Record<string, Check> = {
  '': (v, c) => (c.dirty ? tilde(v, c) : cmp(v, c.con) === 0),
  '=': (v, c) => (c.dirty ? tilde(v, c) : cmp(v, c.con) === 0),
  '!=': notEqual,
  '>': greater,
  '<': (v, c) => cmp(v, c.con) < 0,
  '>=': (v, c) => cmp(v, c.con) >= 0,
  '=>': (v, c) => cmp(v, c.con) >= 0,
  '<=': lessEqual,
  '=<': lessEqual,
  '~': tilde,
  '~>': tilde,
  '^': caret,
};

function check(v: Version, t: Term): boolean {
  // Every operator refuses a prerelease unless the constraint names one (!= only when dirty).
  const refusesPre = v.pre !== '' && t.con.pre === '';
  if (refusesPre && (t.op !== '!=' || t.dirty)) return false;
  return CHECKS[t.op]!(v, t);
}

/**
 * Constraints.Check. Arguments in either order, parsed or as strings:
 * matchesConstraint(constraint, version) or matchesConstraint(version, constraint).
 */
export function matchesConstraint(a: Constraint | Version | string, b: Constraint | Version | string): boolean {
  const [c, v] = isConstraintFirst(a, b) ? [a, b] : [b, a];
  const cons = typeof c === 'string' ? parseConstraint(c) : (c as Constraint);
  const ver = typeof v === 'string' ? parseVersion(v) : (v as Version);
  return cons.groups.some((g) => g.every((t) => check(ver, t)));
}

function isConstraintFirst(a: unknown, b: unknown): boolean {
  if (a instanceof Version) return false;
  if (b instanceof Version) return true;
  if (typeof a === 'object') return true;
  if (typeof b === 'object') return false;
  return true; // two strings: (constraint, version), the order of semverCompare
}

// semverCompare's answers by (constraint, version): charts ask the same few questions of
// .Capabilities.KubeVersion in template after template, render after render (parsing them was 2%
// of kube-prometheus-stack's discovery). Only answers are kept; a refusal is worked out again.
const COMPARED = new Map<string, boolean>();

function semverCompare(c: string, v: string): boolean {
  const key = `${c}\0${v}`;
  let yes = COMPARED.get(key);
  if (yes === undefined) {
    yes = matchesConstraint(parseConstraint(c), parseVersion(v));
    if (COMPARED.size >= 4096) COMPARED.clear();
    COMPARED.set(key, yes);
  }
  return yes;
}

/**
 * The Masterminds semver release behind a Helm's semver functions: 3.3.0 in Helm 3.17, 3.4.0 in
 * 4.1 (its errors begin in lower case), 3.5.0 in 4.2 (an improper constraint is quoted, %q).
 * Which versions match which constraints is the same in the three (measured on the real binaries).
 */
export type SemverRelease = '3.3' | '3.4' | '3.5';

const LOWER_CASED: readonly (readonly [string, string])[] = [
  ['Invalid Semantic Version', 'invalid semantic version'],
  ['Invalid Prerelease string', 'invalid prerelease string'],
  ['Invalid Metadata string', 'invalid metadata string'],
  ['Version segment starts with 0', 'version segment starts with 0'],
  ['Error parsing version segment: ', 'error parsing version segment: '],
  ['constraint Parser Error', 'constraint parser error'],
];

/** `f` with its semver errors worded as `release` words them (ours are 3.3.0's). */
export function semverErrorsOf<F extends (...a: never[]) => unknown>(f: F, release: SemverRelease, quote: (s: string) => string): F {
  if (release === '3.3') return f;
  return ((...a: Parameters<F>) => {
    try {
      return f(...a);
    } catch (e) {
      if (!(e instanceof SemverError)) throw e;
      let m = e.message;
      for (const [from, to] of LOWER_CASED) if (m.startsWith(from)) m = to + m.slice(from.length);
      const improper = /^improper constraint: ([^]*)$/.exec(m);
      if (release === '3.5' && improper) m = `improper constraint: ${quote(improper[1]!)}`;
      throw new SemverError(m);
    }
  }) as F;
}

/** Sprig's semver and semverCompare. */
export function semverFuncs(): Record<string, (...a: unknown[]) => unknown> {
  const str = argString;
  return {
    semver: (v) => parseVersion(str(v)),
    semverCompare: (c, v) => semverCompare(str(c), str(v)),
  };
}
