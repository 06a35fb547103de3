// time.ParseInLocation(layout, value, Local) with Local = UTC, and Go's error texts.
import { GoTime, layoutChunks } from './go-time.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface State {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  min: number;
  sec: number;
  nanos: number;
  pm?: boolean;
  offset?: number;
  abbr?: string;
}

type Reader = (v: string, s: State) => number | undefined;

const digits =
  (min: number, max: number, set: (n: number, s: State) => void): Reader =>
  (v, s) => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(v);
    if (!m) return undefined;
    set(Number(m[0]), s);
    return m[0].length;
  };

const names =
  (list: string[], short: boolean, set: (i: number, s: State) => void): Reader =>
  (v, s) => {
    const lower = v.toLowerCase();
    const i = list.findIndex((n) => lower.startsWith(short ? n.slice(0, 3) : n));
    if (i < 0) return undefined;
    set(i, s);
    return short ? 3 : list[i]!.length;
  };

function zoneReader(tok: string): Reader {
  const colon = tok.includes(':');
  const secs = tok.endsWith('00:00') && tok.length > 6 ? true : tok.endsWith('0000');
  const hoursOnly = tok.endsWith('07');
  return (v, s) => {
    if (tok.startsWith('Z') && v.startsWith('Z')) return ((s.offset = 0), 1);
    const sep = colon ? ':' : '';
    const re = hoursOnly ? /^([+-])(\d\d)/ : new RegExp(`^([+-])(\\d\\d)${sep}(\\d\\d)${secs ? `${sep}(\\d\\d)` : ''}`);
    const m = re.exec(v);
    if (!m) return undefined;
    const abs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    s.offset = m[1] === '-' ? -abs : abs;
    return m[0].length;
  };
}

const READERS: Record<string, Reader> = {
  '2006': digits(4, 4, (n, s) => (s.year = n)),
  '06': digits(2, 2, (n, s) => (s.year = n >= 69 ? 1900 + n : 2000 + n)),
  '01': digits(2, 2, (n, s) => (s.month = n)),
  '1': digits(1, 2, (n, s) => (s.month = n)),
  January: names(MONTHS, false, (i, s) => (s.month = i + 1)),
  Jan: names(MONTHS, true, (i, s) => (s.month = i + 1)),
  Monday: names(DAYS, false, () => undefined),
  Mon: names(DAYS, true, () => undefined),
  '02': digits(2, 2, (n, s) => (s.day = n)),
  '2': digits(1, 2, (n, s) => (s.day = n)),
  _2: (v, s) => {
    const n = digits(1, 2, (d, st) => (st.day = d))(v.startsWith(' ') ? v.slice(1) : v, s);
    return n === undefined ? undefined : n + (v.startsWith(' ') ? 1 : 0);
  },
  '002': digits(3, 3, (n, s) => (s.yday = n)),
  __2: (v, s) => {
    const t = v.replace(/^ {0,2}/, '');
    const n = digits(1, 3, (d, st) => (st.yday = d))(t, s);
    return n === undefined ? undefined : n + v.length - t.length;
  },
  '15': digits(1, 2, (n, s) => (s.hour = n)),
  '03': digits(2, 2, (n, s) => (s.hour = n)),
  '3': digits(1, 2, (n, s) => (s.hour = n)),
  '04': digits(2, 2, (n, s) => (s.min = n)),
  '4': digits(1, 2, (n, s) => (s.min = n)),
  '05': digits(2, 2, (n, s) => (s.sec = n)),
  '5': digits(1, 2, (n, s) => (s.sec = n)),
  PM: (v, s) => (/^(AM|PM)/.test(v) ? ((s.pm = v.startsWith('PM')), 2) : undefined),
  pm: (v, s) => (/^(am|pm)/.test(v) ? ((s.pm = v.startsWith('pm')), 2) : undefined),
  MST: (v, s) => {
    const m = /^(UTC|GMT[+-]\d{1,2}|[A-Z]{3,5})/.exec(v);
    if (!m) return undefined;
    s.abbr = m[0];
    return m[0].length;
  },
};

function fracReader(spec: string): Reader {
  const exact = spec[1] === '0';
  return (v, s) => {
    const m = exact ? new RegExp(`^[.,]\\d{${spec.length - 1}}`).exec(v) : /^(?:[.,]\d+)?/.exec(v);
    if (!m) return undefined;
    if (m[0].length > 1) s.nanos = Number(m[0].slice(1, 10).padEnd(9, '0'));
    return m[0].length;
  };
}

export function parseTime(layout: string, value: string): GoTime {
  const s: State = { year: 0, month: 1, day: 1, yday: -1, hour: 0, min: 0, sec: 0, nanos: 0 };
  let v = value;
  const chunks = layoutChunks(layout);
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if ('lit' in c) {
      if (!v.startsWith(c.lit)) throw parseFail(value, layout, v, c.lit);
      v = v.slice(c.lit.length);
      continue;
    }
    const elem = 'frac' in c ? c.frac : c.tok;
    const reader = 'frac' in c ? fracReader(c.frac) : (READERS[c.tok] ?? zoneReader(c.tok));
    const n = reader(v, s);
    if (n === undefined) throw parseFail(value, layout, v, elem);
    v = v.slice(n);
    // Go accepts fractional seconds after a seconds field even when the layout has none.
    const next = chunks[i + 1];
    if ((elem === '05' || elem === '5') && !(next && 'frac' in next)) v = v.slice(fracReader('.9')(v, s) ?? 0);
  }
  if (v !== '') throw new Error(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(v)}`);
  return build(s, value);
}

function parseFail(value: string, layout: string, rest: string, elem: string): Error {
  return new Error(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`);
}

function build(s: State, value: string): GoTime {
  const range = (what: string): Error => new Error(`parsing time ${JSON.stringify(value)}: ${what} out of range`);
  if (s.pm !== undefined) {
    if (s.hour > 12) throw range('hour');
    if (s.pm && s.hour < 12) s.hour += 12;
    else if (!s.pm && s.hour === 12) s.hour = 0;
  }
  if (s.month < 1 || s.month > 12) throw range('month');
  if (s.hour > 23) throw range('hour');
  if (s.min > 59) throw range('minute');
  if (s.sec > 59) throw range('second');
  const d = new Date(0);
  d.setUTCFullYear(s.year, s.month - 1, 1);
  const daysIn = new Date(Date.UTC(2000, s.month, 0)).getUTCDate() - (s.month === 2 && !isLeap(s.year) ? 1 : 0);
  if (s.day < 1 || s.day > daysIn) throw range('day');
  d.setUTCFullYear(s.year, s.month - 1, s.day);
  if (s.yday > 0) d.setUTCFullYear(s.year, 0, s.yday);
  d.setUTCHours(s.hour, s.min, s.sec, 0);
  const offset = s.offset ?? 0;
  const unixNano = (BigInt(d.getTime() / 1000) - BigInt(offset)) * 1_000_000_000n + BigInt(s.nanos);
  return new GoTime(unixNano, offset, zoneName(offset, s.abbr));
}

function zoneName(offset: number, abbr?: string): string {
  if (abbr) return abbr;
  if (offset === 0) return 'UTC';
  const a = Math.abs(offset);
  const hhmm = String(Math.floor(a / 3600)).padStart(2, '0') + String(Math.floor(a / 60) % 60).padStart(2, '0');
  return (offset < 0 ? '-' : '+') + hhmm;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
