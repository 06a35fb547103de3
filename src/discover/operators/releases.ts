// Which of an operator entry's readings (operators/model.ts) a sighted operator version
// takes: the release range holding it, a distribution rebuild's release, or, past the readings,
// the newest one where the readings held still; and how a warning names what was read.

import { parseConstraint, matchesConstraint } from '../../sprig/semver-constraint.js';
import { compareVersions, parseVersion } from '../../sprig/semver.js';
import { composedAt, composingIn, overridden } from './default-overrides.js';
import type { UnreadVersion } from '../image-site.js';
import type { BuiltinDefault, OperatorEntry, OperatorRelease } from './model.js';
import type { OperatorSighting } from './sightings.js';

/** MAJOR.MINOR.PATCH (a `v` before it, a pre-release or build after it): a release, not a moving tag. */
const RELEASE_TAG = /^v?\d+\.\d+\.\d+([-+].*)?$/;

/**
 * A tag suffix that names the distribution an image was rebuilt on, or the runtime it was built
 * for, not a release of the operator (`5.19.4-debian-12-r2`, `1.2.0-ubi9`, StackGres'
 * `1.18.6-jvm` beside its native `1.18.6`, act_runner's `0.2.11-dind-rootless` with Docker inside): the image is the operator's own source at the version
 * before it, so its compiled-in defaults are that release's.
 */
const DISTRO_BUILD = /^(debian|photon|ubi|ubuntu|alpine|distroless|rhel|jvm|native|dind)(\d*)([-.].*)?$/;

/**
 * SUSE's rebuilds (registry.suse.com) tag VERSION-CODE.BUILD: the SLE release's six-digit code
 * (150700: 15 SP7) and the build service's counters (`1.7.0-150700.3.16.2`), the version's source.
 */
const OBS_BUILD = /^\d{6}(\.\d+)+$/;

export function releaseFor(entry: OperatorEntry, tag: string): OperatorRelease | undefined {
  // `1.30` is whichever 1.30.x was pushed last, not the 1.30.0 a lenient parse makes of it
  if (!RELEASE_TAG.test(tag)) return undefined;
  let v;
  try {
    v = parseVersion(tag);
  } catch {
    return undefined; // latest, a branch name: no release says what it compiles in
  }
  const found = entry.releases.find((r) => matchesConstraint(parseConstraint(r.versions), v));
  if (found || !(DISTRO_BUILD.test(v.pre) || OBS_BUILD.test(v.pre))) return found;
  const core = parseVersion(`${v.major}.${v.minor}.${v.patch}`);
  return entry.releases.find((r) => matchesConstraint(parseConstraint(r.versions), core));
}

/** A tag that names no release says so: which build it is, and so what it compiles in, changes with each push. */
export const movingTag = (tag: string): string =>
  RELEASE_TAG.test(tag) ? '' : ` (${tag} names no release: a moving tag or a branch build, whose compiled-in images change with each push)`;

/** The newest release read, and its version (the top of its range). */
function newestRelease(entry: OperatorEntry): { release: OperatorRelease; version: ReturnType<typeof parseVersion> } | undefined {
  const newest = [...entry.releases].sort((a, b) => compareVersions(topOf(a), topOf(b))).at(-1);
  return newest && { release: newest, version: topOf(newest) };
}

/** The newest version a release's range holds. */
const topOf = (r: OperatorRelease) => parseVersion(r.versions.match(/\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g)!.at(-1)!);

/** A default as the entry's releases compare: what it pulls and when, its source line aside. */
const defaultShape = (d: BuiltinDefault): string => JSON.stringify([d.image, d.per, d.when, d.named, d.unless]);

/**
 * The readings show the operator's defaults holding still: the newest three ranges read (all, if
 * fewer) pull the same (the operator's own tag aside), over more than one release. Of the table's
 * 42 entries with readings, 18 hold still; of the 20 read at several ranges, 17 change within
 * their newest three, most at every boundary (161 of 170 in all), and for those a newer build's
 * defaults cannot be guessed. Tailscale's nameserver went from `unstable` to `stable` at v1.92.0
 * and has held since, over six ranges.
 */
function heldStill(entry: OperatorEntry): boolean {
  const newest = [...entry.releases].sort((a, b) => compareVersions(topOf(a), topOf(b))).slice(-3);
  const [first, ...rest] = newest;
  if (!first) return false;
  const shape = first.defaults.map(defaultShape).join('\0');
  return rest.every((r) => r.defaults.map(defaultShape).join('\0') === shape) && (rest.length > 0 || /[<>]/.test(first.versions));
}

/**
 * The release whose defaults stand in for a version past the readings (a moving tag, a
 * placeholder, a newer release) of an operator whose readings held still: its newest. Not for
 * a release older than read, or between ranges read: nothing says what it compiled in.
 */
export function standInFor(entry: OperatorEntry, tag: string): { release: OperatorRelease; version: string; why: UnreadVersion } | undefined {
  const newest = newestRelease(entry);
  if (!newest || !heldStill(entry)) return undefined;
  const why = unreadVersion(tag, newest.version);
  return why && { release: newest.release, version: newest.version.toString(), why };
}

function unreadVersion(tag: string, newest: ReturnType<typeof parseVersion>): UnreadVersion | undefined {
  if (!RELEASE_TAG.test(tag)) return 'moving tag';
  let v;
  try {
    v = parseVersion(tag);
  } catch {
    return 'moving tag';
  }
  if (v.major === 0n && v.minor === 0n && v.patch === 0n) return 'placeholder version';
  return compareVersions(v, newest) > 0 ? 'newer release' : undefined;
}

/**
 * What the newest release read pulls by its defaults (a resource's own fields aside), at the
 * registry the operator is given: the images a warning leaves for the user to carry, named. The
 * operator's own tag in them is that release's as its image is tagged (a `v` as the running tag
 * has one), not the git tag read.
 */
export function newestPulls(entry: OperatorEntry, op: OperatorSighting): string {
  const newest = newestRelease(entry);
  if (!newest) return '';
  const imageTag = `${/^v\d/.test(op.tag) ? 'v' : ''}${newest.version.toString()}`;
  const refs = newest.release.defaults
    .filter((d) => !d.per && !overridden(d.unless, op.container))
    .map((d) => composedAt(d.image.replace(/\{operatorTag\}/g, imageTag).replace(/\{operatorPath\}/g, op.path), composingIn(d.unless, op.container)))
    .filter((r, i, all): r is string => r !== undefined && !r.includes('{') && all.indexOf(r) === i);
  if (refs.length === 0) return '';
  const shown = refs.length > 6 ? `${refs.slice(0, 6).join(', ')} and ${refs.length - 6} more` : refs.join(', ');
  return `; the newest release read, ${newest.version.toString()}, pulls ${shown}`;
}

/** The releases an entry was read for, as a warning says them: each range, or the span when many. */
export function knownReleases(entry: OperatorEntry): string {
  const ranges = entry.releases.map((r) => r.versions);
  if (ranges.length <= 3) return ranges.join(', ');
  const bounds = ranges.flatMap((c) => [...c.matchAll(/\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g)].map((m) => parseVersion(m[0])));
  const sorted = bounds.sort(compareVersions);
  return `releases ${sorted[0]!.toString()} to ${sorted[sorted.length - 1]!.toString()} (${ranges.length} ranges read)`;
}
