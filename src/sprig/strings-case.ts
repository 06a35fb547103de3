// Case conversions Sprig takes from huandu/xstrings and Masterminds/goutils, plus Go's
// strings.Title. Rules were checked against the Go libraries (see strings.test.ts).

const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string): boolean => c !== c.toUpperCase() && c === c.toLowerCase();
const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{N}/u.test(c);
const isConnector = (c: string): boolean => c === '-' || c === '_' || /\s/u.test(c);
const isPunct = (c: string): boolean => /\p{P}/u.test(c);

type WordType = 'number' | 'upper' | 'alpha' | 'connector' | 'punct' | 'other';
interface Word {
  t: WordType;
  s: string;
}

/** xstrings' word splitting: an upper-case run keeps its last capital for a following word. */
function words(str: string): Word[] {
  const cs = [...str];
  const out: Word[] = [];
  let i = 0;
  const run = (t: WordType, pred: (c: string) => boolean, from: number): void => {
    let j = from;
    while (j < cs.length && pred(cs[j]!)) j++;
    out.push({ t, s: cs.slice(i, j).join('') });
    i = j;
  };
  while (i < cs.length) {
    const c = cs[i]!;
    if (isConnector(c)) run('connector', isConnector, i + 1);
    else if (isPunct(c)) run('punct', isPunct, i + 1);
    else if (isUpper(c)) {
      const next = cs[i + 1];
      if (next !== undefined && isUpper(next)) {
        let j = i + 1;
        while (j < cs.length && isUpper(cs[j]!)) j++;
        if (j < cs.length && isLetter(cs[j]!)) j--;
        out.push({ t: 'upper', s: cs.slice(i, j).join('') });
        i = j;
      } else run('upper', (x) => isLetter(x) && !isUpper(x), i + 1);
    } else if (isLetter(c)) run('alpha', (x) => isLetter(x) && !isUpper(x), i + 1);
    else if (isDigit(c)) run('number', isDigit, i + 1);
    else run('other', (x) => !isLetter(x) && !isDigit(x) && !isConnector(x) && !isPunct(x), i + 1);
  }
  return out;
}

const wordy = (w: Word | undefined): boolean => w !== undefined && w.t !== 'connector' && w.t !== 'punct';

/** xstrings.ToSnakeCase / ToKebabCase: lower-case words joined by the connector. */
export function joinLowerWords(str: string, sep: string): string {
  const ws = words(str);
  let out = '';
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k]!;
    if (w.t === 'connector') {
      out += sep.repeat([...w.s].length);
      continue;
    }
    out += w.s.toLowerCase();
    const next = ws[k + 1];
    if (!wordy(next) || w.t === 'punct') continue;
    if (w.t === 'number') {
      if (next!.t === 'number' || next!.t === 'alpha') continue;
      out += sep;
    } else if (next!.t === 'number') {
      // "bar2Baz" -> bar2_baz, but "a1b" -> a_1b (a number followed by lower case starts a word)
      const after = ws[k + 2];
      if (after?.t === 'alpha') out += sep;
    } else out += sep;
  }
  return out;
}

/**
 * xstrings.ToCamelCase: connectors removed, the letter after one upper-cased; the rest lowered
 * only when the first letter was upper-case ("HTTPServer" -> Httpserver, "aBC_dEF" -> ABCDEF,
 * "map%5Bx" -> Map%5Bx, as Helm renders them).
 */
export function camelcase(str: string): string {
  const cs = [...str];
  let i = 0;
  let out = '';
  while (i < cs.length && isConnector(cs[i]!)) out += cs[i++];
  // connectors only: xstrings writes its last rune once more ("_" -> "__"), as Helm renders it
  if (i >= cs.length) return out + (cs[cs.length - 1] ?? '');
  const lowerRest = isUpper(cs[i]!);
  out += cs[i]!.toUpperCase();
  for (i++; i < cs.length; i++) {
    const prev = cs[i - 1]!;
    const c = cs[i]!;
    if (isConnector(c)) {
      if (isConnector(prev)) out += prev;
      continue;
    }
    out += isConnector(prev) ? c.toUpperCase() : lowerRest ? c.toLowerCase() : c;
  }
  if (isConnector(cs[cs.length - 1]!) && cs.length > 1) out += cs[cs.length - 1];
  return out;
}

/** goutils.SwapCase. */
export function swapcase(str: string): string {
  return [...str].map((c) => (isUpper(c) ? c.toLowerCase() : isLower(c) ? c.toUpperCase() : c)).join('');
}

/** goutils.Uncapitalize: lower-case the first letter of every whitespace-separated word. */
export function untitle(str: string): string {
  let next = true;
  let out = '';
  for (const c of str) {
    if (/\s/u.test(c)) {
      next = true;
      out += c;
    } else {
      out += next ? c.toLowerCase() : c;
      next = false;
    }
  }
  return out;
}

/** strings.Title: upper-case each letter that follows a separator (not a letter, digit or _). */
export function title(str: string): string {
  let prev = ' ';
  let out = '';
  for (const c of str) {
    const sep = !(isLetter(prev) || isDigit(prev) || prev === '_');
    out += sep ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

/** goutils.Initials: the first character of each whitespace-separated word. */
export function initials(str: string): string {
  let gap = true;
  let out = '';
  for (const c of str) {
    if (/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(c)) gap = true;
    else if (gap) {
      out += c;
      gap = false;
    }
  }
  return out;
}

/** goutils.AbbreviateFull (byte offsets, as the Go code uses). */
export function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '' || maxWidth < 4) return str === '' ? '' : '';
  if (str.length <= maxWidth) return str;
  let off = Math.min(offset, str.length);
  if (str.length - off < maxWidth - 3) off = str.length - (maxWidth - 3);
  if (off <= 4) return str.slice(0, maxWidth - 3) + '...';
  if (maxWidth < 7) return '';
  if (off + maxWidth - 3 < str.length) return '...' + abbreviateFull(str.slice(off), 0, maxWidth - 3);
  return '...' + str.slice(str.length - (maxWidth - 3));
}

/** goutils.WrapCustom: wrap at spaces; long words split only when wrapLong. */
export function wrapCustom(str: string, width: number, nl: string, wrapLong: boolean): string {
  if (str === '') return '';
  const sep = nl === '' ? '\n' : nl;
  const w = Math.max(width, 1);
  let off = 0;
  let out = '';
  while (str.length - off > w) {
    if (str[off] === ' ') {
      off++;
      continue;
    }
    const at = str.slice(off, w + off + 1).lastIndexOf(' ');
    if (at >= 0) {
      out += str.slice(off, off + at) + sep;
      off += at + 1;
    } else if (wrapLong) {
      out += str.slice(off, off + w) + sep;
      off += w;
    } else {
      const idx = str.slice(off + w).indexOf(' ');
      if (idx === -1) {
        out += str.slice(off);
        off = str.length;
      } else {
        out += str.slice(off, off + w + idx) + sep;
        off += w + idx + 1;
      }
    }
  }
  return out + str.slice(off);
}
