// Masterminds/semver v3 versions: the loose parser Helm and Sprig use (NewVersion: "v1", "1.2"
// are accepted), precedence with prerelease rules, and the *semver.Version templates see.
import type { GoTyped } from './types.js';

const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const UINT64_MAX = (1n << 64n) - 1n;

export class SemverError extends Error {}

/**
 * A `semver.Version` value, as Inc* and Set* return it: only Masterminds' value-receiver methods
 * are callable on it from a template (`$v.IncPatch.Original` fails in Helm too).
 */
export class VersionValue implements GoTyped {
  readonly goType: string = 'semver.Version';
  readonly goKind: string = 'struct';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {}

  // Go methods, callable from templates ({{ (semver "1.2.3").Major }}).
  Major(): bigint {
    return this.major;
  }
  Minor(): bigint {
    return this.minor;
  }
  Patch(): bigint {
    return this.patch;
  }
  Prerelease(): string {
    return this.pre;
  }
  Metadata(): string {
    return this.metadata;
  }
  String(): string {
    return this.toGoString();
  }
  // Masterminds' Inc*: the next version, prerelease and metadata dropped; a prerelease's patch
  // release is the same numbers (1.2.3-beta's next patch is 1.2.3).
  IncPatch(): VersionValue {
    return this.with(this.major, this.minor, this.pre ? this.patch : this.patch + 1n, '', '');
  }
  IncMinor(): VersionValue {
    return this.with(this.major, this.minor + 1n, 0n, '', '');
  }
  IncMajor(): VersionValue {
    return this.with(this.major + 1n, 0n, 0n, '', '');
  }
  SetPrerelease(pre: unknown): VersionValue {
    const p = String(pre);
    if (p !== '' && !PARTS.test(p)) throw new SemverError('Invalid Prerelease string');
    return this.with(this.major, this.minor, this.patch, p, this.metadata);
  }
  SetMetadata(metadata: unknown): VersionValue {
    const m = String(metadata);
    if (m !== '' && !PARTS.test(m)) throw new SemverError('Invalid Metadata string');
    return this.with(this.major, this.minor, this.patch, this.pre, m);
  }

  /** A value with these parts, its original spelled as Masterminds spells it (a leading `v` kept). */
  private with(major: bigint, minor: bigint, patch: bigint, pre: string, metadata: string): VersionValue {
    const text = `${major}.${minor}.${patch}${pre ? '-' + pre : ''}${metadata ? '+' + metadata : ''}`;
    return new VersionValue(major, minor, patch, pre, metadata, (this.original.startsWith('v') ? 'v' : '') + text);
  }

  toGoString(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? '-' + this.pre : ''}${this.metadata ? '+' + this.metadata : ''}`;
  }
  toString(): string {
    return this.toGoString();
  }
  goJson(): string {
    return this.toGoString();
  }
}

const PARTS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

/** The `*semver.Version` semver returns: the pointer-receiver methods too (Original, the comparisons). */
export class Version extends VersionValue {
  override readonly goType: string = '*semver.Version';
  override readonly goKind: string = 'ptr';

  Original(): string {
    return this.original;
  }
  Compare(o: Version): bigint {
    return BigInt(compareVersions(this, o));
  }
  LessThan(o: Version): boolean {
    return compareVersions(this, o) < 0;
  }
  GreaterThan(o: Version): boolean {
    return compareVersions(this, o) > 0;
  }
  Equal(o: Version): boolean {
    return compareVersions(this, o) === 0;
  }
  LessThanEqual(o: Version): boolean {
    return compareVersions(this, o) <= 0;
  }
  GreaterThanEqual(o: Version): boolean {
    return compareVersions(this, o) >= 0;
  }
}

function segment(s: string | undefined): bigint {
  if (!s) return 0n;
  const n = BigInt(s.replace(/^\./, ''));
  if (n > UINT64_MAX) {
    throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing "${s.replace(/^\./, '')}": value out of range`);
  }
  return n;
}

/** semver.NewVersion. Throws Masterminds' messages ("Invalid Semantic Version"...). */
export function parseVersion(v: string): Version {
  const m = VERSION_RE.exec(v);
  if (!m) throw new SemverError('Invalid Semantic Version');
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  for (const p of pre ? pre.split('.') : []) {
    if (/^\d+$/.test(p) && p.length > 1 && p[0] === '0') throw new SemverError('Version segment starts with 0');
  }
  return new Version(segment(m[1]), segment(m[2]), segment(m[3]), pre, meta, v);
}

function comparePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = /^\d+$/.test(s);
  const on = /^\d+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  const a = BigInt(s);
  const b = BigInt(o);
  return a === b ? 0 : a > b ? 1 : -1;
}

export function comparePrerelease(a: string, b: string): number {
  const sa = a.split('.');
  const sb = b.split('.');
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const d = comparePart(sa[i] ?? '', sb[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Version.Compare: -1, 0 or 1; metadata is ignored; a prerelease sorts before its release. */
export function compareVersions(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] > b[k] ? 1 : -1;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return comparePrerelease(a.pre, b.pre);
}
