// Sprig's date family (date.go) over GoTime. Time comes from the injected clock; "Local" is UTC.
// A bigint argument counts as Go's int64 (unix seconds / nanoseconds), float64 as "not a time".
import { argString, type GoFunc } from './cast.js';
import { formatDuration, parseDuration, roundDuration } from './go-duration.js';
import { GoTime, zoneAt } from './go-time.js';
import { parseTime } from './go-time-parse.js';

const SECOND = 1_000_000_000n;
const ZERO_TIME = new GoTime(-62135596800n * SECOND);

function argTime(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  throw new Error(`wrong type for value; expected time.Time; got ${v === null || v === undefined ? '<nil>' : typeof v}`);
}

export function dateFuncs(clock: () => Date): Record<string, GoFunc> {
  const now = (): GoTime => GoTime.fromDate(clock());
  /** dateInZone's argument rule: a time, unix seconds, or else the current time. */
  const timeOf = (d: unknown): GoTime => {
    if (d instanceof GoTime) return d;
    if (typeof d === 'bigint') return new GoTime(d * SECOND);
    return now();
  };
  const inZone = (layout: unknown, d: unknown, zone: unknown): string => {
    const z = argString(zone);
    return timeOf(d)
      .in(zoneAt(z, 0).ok ? z : 'UTC')
      .format(argString(layout));
  };
  const since = (t: GoTime): bigint => now().unixNano - t.unixNano;
  const modify = (f: unknown, d: unknown): GoTime => argTime(d).add(parseDuration(argString(f)));
  const toDate = (layout: unknown, s: unknown): GoTime => parseTime(argString(layout), argString(s));
  const fns: Record<string, GoFunc> = {
    now,
    date: (layout, d) => inZone(layout, d, 'Local'),
    dateInZone: inZone,
    htmlDate: (d) => inZone('2006-01-02', d, 'Local'),
    htmlDateInZone: (d, zone) => inZone('2006-01-02', d, zone),
    dateModify: (f, d) => {
      try {
        return modify(f, d);
      } catch {
        return argTime(d);
      }
    },
    mustDateModify: modify,
    ago: (d) => formatDuration(roundDuration(since(timeOf(d)), SECOND)),
    duration: (sec) => {
      let n = 0n;
      if (typeof sec === 'string') n = /^[+-]?\d+$/.test(sec) ? BigInt(sec) : 0n;
      else if (typeof sec === 'bigint') n = sec;
      return formatDuration(BigInt.asIntN(64, n * SECOND));
    },
    durationRound: (v) => durationRound(v, since),
    toDate: (layout, s) => {
      try {
        return toDate(layout, s);
      } catch {
        return ZERO_TIME;
      }
    },
    mustToDate: toDate,
    unixEpoch: (d) => argTime(d).unix.toString(),
  };
  fns.date_in_zone = fns.dateInZone!;
  fns.date_modify = fns.dateModify!;
  fns.must_date_modify = fns.mustDateModify!;
  return fns;
}

const ROUND_UNITS: [bigint, string][] = [
  [SECOND * 3600n * 24n * 365n, 'y'],
  [SECOND * 3600n * 24n * 30n, 'mo'],
  [SECOND * 3600n * 24n, 'd'],
  [SECOND * 3600n, 'h'],
  [SECOND * 60n, 'm'],
  [SECOND, 's'],
];

function durationRound(v: unknown, since: (t: GoTime) => bigint): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (typeof v === 'bigint') d = v;
  else if (v instanceof GoTime) d = since(v);
  const u = d < 0n ? -d : d;
  for (const [size, unit] of ROUND_UNITS) if (u > size) return `${u / size}${unit}`;
  return '0s';
}
