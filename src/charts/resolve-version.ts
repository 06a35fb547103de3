// Which chart version Helm would pick (protocols.md §7.2): an exact string match first, else
// the highest version satisfying the Masterminds constraint (matched by src/sprig's semver, the
// one implementation of those rules in the project). Prereleases only when the constraint names
// one, or with devel (Helm --devel: an empty constraint becomes ">0.0.0-0").
import { compareVersions, parseVersion } from '../sprig/semver.js';
import { matchesConstraint, parseConstraint } from '../sprig/semver-constraint.js';
import { ChartError } from '../util/errors.js';
import { formatList } from './repo-index.js';

export interface ResolveVersionOptions {
  devel?: boolean;
  /** Names what is being resolved in errors: 'chart "demo" in https://...'. */
  what: string;
}

/** Newest first by semver; unparsable versions last, in their given order (Helm's ChartVersions.Less). */
export function sortVersionsDesc(versions: string[]): string[] {
  const parsed = versions.map((v, i) => ({ v, i, p: tryParse(v) }));
  parsed.sort((a, b) => {
    if (a.p && b.p) return compareVersions(b.p, a.p) || a.i - b.i;
    if (a.p) return -1;
    if (b.p) return 1;
    return a.i - b.i;
  });
  return parsed.map((x) => x.v);
}

export function resolveVersion(versions: string[], constraint: string | undefined, o: ResolveVersionOptions): string {
  const c = (constraint ?? '').trim();
  if (c && versions.includes(c)) return c;
  const effective = c || (o.devel ? '>0.0.0-0' : '*');
  let parsed: ReturnType<typeof parseConstraint>;
  try {
    parsed = parseConstraint(effective);
  } catch (e) {
    throw new ChartError(`${o.what}: invalid version constraint ${JSON.stringify(c)}: ${(e as Error).message}`, {
      code: 'ERR_USAGE',
      hint: 'write an exact version (1.2.3) or a constraint such as ^1.2, ~1.2.3, >=1.0 <2.0, 1.x',
    });
  }
  for (const v of sortVersionsDesc(versions)) {
    const p = tryParse(v);
    if (p && matchesConstraint(parsed, p)) return v;
  }
  throw new ChartError(`${o.what}: no version matches ${JSON.stringify(c || '*')}${c ? '' : ' (prereleases need --devel)'}`, {
    code: 'ERR_CHART_VERSION_NOT_FOUND',
    hint: versions.length ? `available: ${formatList(sortVersionsDesc(versions), 15)}` : 'it has no versions at all',
  });
}

/** Whether `version` satisfies `constraint` (an unparsable version never does). */
export function versionSatisfies(version: string, constraint: string): boolean {
  const p = tryParse(version);
  return p !== undefined && matchesConstraint(parseConstraint(constraint), p);
}

/** A plain version rather than a constraint (Helm uses such an OCI tag as is). */
export function isExactVersion(s: string): boolean {
  return /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(s.trim());
}

/** Strict semver (Helm's OCI tag filter: StrictNewVersion, no leading v, all three parts). */
export function isStrictSemver(s: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.test(s);
}

function tryParse(v: string): ReturnType<typeof parseVersion> | undefined {
  try {
    return parseVersion(v);
  } catch {
    return undefined;
  }
}
