// Go's time.Time as templates see it: a value with Go's String(), layout-based Format/Parse
// ("2006-01-02 15:04:05") and zones. "Local" is UTC so renders do not depend on the host.
import type { GoTyped } from './types.js';

const NS = 1_000_000_000n;

export class GoTime implements GoTyped {
  readonly goType = 'time.Time';
  readonly goKind = 'struct';
  constructor(
    /** Nanoseconds since the Unix epoch. */
    readonly unixNano: bigint,
    /** Seconds east of UTC. */
    readonly offset = 0,
    readonly zone = 'UTC',
  ) {}

  static fromDate(d: Date): GoTime {
    return new GoTime(BigInt(d.getTime()) * 1_000_000n);
  }

  get unix(): bigint {
    const s = this.unixNano / NS;
    return this.unixNano < 0n && this.unixNano % NS !== 0n ? s - 1n : s;
  }

  get nanos(): number {
    return Number(this.unixNano - this.unix * NS);
  }

  /** time.Time.In: the same instant in another zone. */
  in(zoneName: string): GoTime {
    const { offset, abbr } = zoneAt(zoneName, Number(this.unix) * 1000);
    return new GoTime(this.unixNano, offset, abbr);
  }

  add(ns: bigint): GoTime {
    return new GoTime(this.unixNano + ns, this.offset, this.zone);
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  /** time.Time.String. */
  toGoString(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }

  toString(): string {
    return this.toGoString();
  }

  /** time.Time.MarshalJSON: RFC 3339 with nanoseconds. */
  goJson(): string {
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }

  // time.Time's methods a template calls on `now` or a parsed date (`{{ now.Unix }}`, an OpenAI
  // model list's "created"): Go exports them capitalised, and the engine calls a struct's
  // capitalised methods; ints come back as int64 (bigint), as Go's do.
  Unix(): bigint {
    return this.unix;
  }
  UnixMilli(): bigint {
    return floorDiv(this.unixNano, 1_000_000n);
  }
  UnixMicro(): bigint {
    return floorDiv(this.unixNano, 1_000n);
  }
  UnixNano(): bigint {
    return this.unixNano;
  }
  Year(): bigint {
    return BigInt(fieldsOf(this).year);
  }
  YearDay(): bigint {
    return BigInt(fieldsOf(this).yday);
  }
  Day(): bigint {
    return BigInt(fieldsOf(this).day);
  }
  Hour(): bigint {
    return BigInt(fieldsOf(this).hour);
  }
  Minute(): bigint {
    return BigInt(fieldsOf(this).min);
  }
  Second(): bigint {
    return BigInt(fieldsOf(this).sec);
  }
  Nanosecond(): bigint {
    return BigInt(this.nanos);
  }
  Month(): GoNamedInt {
    const m = fieldsOf(this).month;
    return new GoNamedInt('time.Month', m, MONTHS[m - 1]!);
  }
  Weekday(): GoNamedInt {
    const d = fieldsOf(this).wday;
    return new GoNamedInt('time.Weekday', d, DAYS[d]!);
  }
  Format(layout: unknown): string {
    return this.format(String(layout));
  }
  String(): string {
    return this.toGoString();
  }
  UTC(): GoTime {
    return new GoTime(this.unixNano);
  }
  Local(): GoTime {
    return new GoTime(this.unixNano);
  }
  IsZero(): boolean {
    return this.unixNano === GO_ZERO_TIME;
  }
  Add(d: unknown): GoTime {
    return this.add(BigInt(d as bigint | number));
  }
  /** time.Time.AddDate: calendar fields added in the time's own zone, normalised as Go does (Oct 32 is Nov 1). */
  AddDate(years: unknown, months: unknown, days: unknown): GoTime {
    const f = fieldsOf(this);
    const ms = Date.UTC(f.year + Number(years), f.month - 1 + Number(months), f.day + Number(days), f.hour, f.min, f.sec);
    return new GoTime((BigInt(ms / 1000) - BigInt(this.offset)) * NS + BigInt(this.nanos), this.offset, this.zone);
  }
  Before(u: unknown): boolean {
    return u instanceof GoTime && this.unixNano < u.unixNano;
  }
  After(u: unknown): boolean {
    return u instanceof GoTime && this.unixNano > u.unixNano;
  }
  Equal(u: unknown): boolean {
    return u instanceof GoTime && this.unixNano === u.unixNano;
  }
}

/** January 1, year 1, UTC: Go's zero time.Time, in nanoseconds from the Unix epoch. */
const GO_ZERO_TIME = -62135596800n * NS;

const floorDiv = (a: bigint, b: bigint): bigint => (a < 0n && a % b !== 0n ? a / b - 1n : a / b);

/** A named int type with a String method (time.Month, time.Weekday): prints its name, counts as its number. */
export class GoNamedInt implements GoTyped {
  readonly goKind = 'int';
  constructor(
    readonly goType: string,
    readonly value: number,
    readonly name: string,
  ) {}
  toGoString(): string {
    return this.name;
  }
  toString(): string {
    return this.name;
  }
  String(): string {
    return this.name;
  }
}

/** Zone offset and abbreviation at an instant; unknown zones fall back to UTC as Sprig does. */
export function zoneAt(name: string, ms: number): { offset: number; abbr: string; ok: boolean } {
  if (name === '' || name === 'UTC' || name === 'Local') return { offset: 0, abbr: 'UTC', ok: true };
  try {
    const part = (style: 'shortOffset' | 'short'): string =>
      new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: style }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value;
    const m = /GMT([+-])(\d+)(?::(\d+))?/.exec(part('shortOffset'));
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
    const short = part('short');
    const abbr = /^[A-Z]{3,5}$/.test(short) ? short : offsetAbbr(offset);
    return { offset, abbr, ok: true };
  } catch {
    return { offset: 0, abbr: 'UTC', ok: false };
  }
}

function offsetAbbr(offset: number): string {
  if (offset === 0) return 'UTC';
  const a = Math.abs(offset);
  const mm = Math.floor(a / 60) % 60;
  return (offset < 0 ? '-' : '+') + pad(Math.floor(a / 3600), 2) + (mm ? pad(mm, 2) : '');
}

const pad = (n: number, w: number, c = '0'): string => String(n).padStart(w, c);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's layout elements, longest first where they share a prefix (as nextStdChunk decides). */
const TOKENS = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  'MST',
  '2006',
  '002',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '__2',
  '_2',
  '15',
  '1',
  '2',
  '3',
  '4',
  '5',
  'PM',
  'pm',
  '-07:00:00',
  '-070000',
  '-0700',
  '-07:00',
  '-07',
  'Z07:00:00',
  'Z070000',
  'Z0700',
  'Z07:00',
  'Z07',
];

export type LayoutChunk = { lit: string } | { tok: string } | { frac: string };

/** Split a layout into literal text and Go's standard elements. */
export function layoutChunks(layout: string): LayoutChunk[] {
  const out: LayoutChunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length;) {
    const frac = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(i));
    const tok = frac ? undefined : TOKENS.find((t) => layout.startsWith(t, i) && tokenAllowed(layout, i, t));
    if (!frac && !tok) {
      lit += layout[i++];
      continue;
    }
    if (lit) (out.push({ lit }), (lit = ''));
    if (frac) (out.push({ frac: frac[0] }), (i += frac[0].length));
    else (out.push({ tok: tok! }), (i += tok!.length));
  }
  if (lit) out.push({ lit });
  return out;
}

function tokenAllowed(layout: string, i: number, t: string): boolean {
  // "Jan"/"Mon" only when not followed by a lower-case letter ("Janet" is literal).
  if ((t === 'Jan' || t === 'Mon') && /[a-z]/.test(layout[i + 3] ?? '')) return false;
  return true;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  yday: number;
  wday: number;
  hour: number;
  min: number;
  sec: number;
}

function fieldsOf(t: GoTime): Fields {
  const d = new Date(Number(t.unix + BigInt(t.offset)) * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    yday: Math.floor((d.getTime() - start) / 86400000) + 1,
    wday: d.getUTCDay(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
  };
}

function zoneText(tok: string, t: GoTime): string {
  if (tok.startsWith('Z') && t.offset === 0) return 'Z';
  const a = Math.abs(t.offset);
  const sign = t.offset < 0 ? '-' : '+';
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor(a / 60) % 60, 2);
  const ss = pad(a % 60, 2);
  const body = tok.slice(1);
  const table: Record<string, string> = {
    '07:00:00': `${hh}:${mm}:${ss}`,
    '070000': `${hh}${mm}${ss}`,
    '0700': `${hh}${mm}`,
    '07:00': `${hh}:${mm}`,
    '07': hh,
  };
  return sign + table[body];
}

function formatTime(t: GoTime, layout: string): string {
  const f = fieldsOf(t);
  const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const table: Record<string, () => string> = {
    January: () => MONTHS[f.month - 1]!,
    Jan: () => MONTHS[f.month - 1]!.slice(0, 3),
    Monday: () => DAYS[f.wday]!,
    Mon: () => DAYS[f.wday]!.slice(0, 3),
    MST: () => t.zone || offsetAbbr(t.offset),
    '2006': () => pad(f.year, 4),
    '06': () => pad(f.year % 100, 2),
    '002': () => pad(f.yday, 3),
    __2: () => pad(f.yday, 3, ' '),
    '01': () => pad(f.month, 2),
    '1': () => String(f.month),
    '02': () => pad(f.day, 2),
    _2: () => pad(f.day, 2, ' '),
    '2': () => String(f.day),
    '15': () => pad(f.hour, 2),
    '03': () => pad(h12, 2),
    '3': () => String(h12),
    '04': () => pad(f.min, 2),
    '4': () => String(f.min),
    '05': () => pad(f.sec, 2),
    '5': () => String(f.sec),
    PM: () => (f.hour >= 12 ? 'PM' : 'AM'),
    pm: () => (f.hour >= 12 ? 'pm' : 'am'),
  };
  return layoutChunks(layout)
    .map((c) => {
      if ('lit' in c) return c.lit;
      if ('frac' in c) return fracText(c.frac, t.nanos);
      return table[c.tok]?.() ?? zoneText(c.tok, t);
    })
    .join('');
}

function fracText(spec: string, nanos: number): string {
  const digits = pad(nanos, 9).slice(0, spec.length - 1);
  if (spec[1] === '0') return spec[0] + digits;
  const trimmed = digits.replace(/0+$/, '');
  return trimmed ? spec[0] + trimmed : '';
}
