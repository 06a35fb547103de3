// Random YAML documents of the shapes templates render: block mappings and sequences at odd
// indentation, every scalar style (plain, single- and double-quoted, literal and folded blocks
// with their indicators) folded over lines whose indentation is less than, equal to or more than
// their key's, blank lines, comments between entries and after values, flow collections over
// lines. Often outside what YAML allows on purpose: Go's reader is the judge of what it accepts.
import { chance, int, pick, some, type Rng } from './rng.js';

const WORDS = ['a', 'word', 'two words', "it''s", 'a#b', 'yes', '1.5', '0x1f', '~', 'null', '-1', '2024-01-01', 'x:y', 'img:1.2', 'trail ', '%p', '@at'];
const PLAIN_FIRST = [
  'a',
  'value',
  'yes',
  'on',
  '1.5',
  '012',
  '0o17',
  '.inf',
  '~',
  'x:y',
  'a#b',
  'a # note',
  'registry.example:10443/app:1.0',
  '-x',
  "it's",
  'a: b',
];
const ESCAPES = ['\\n', '\\t', '\\"', '\\\\', '\\x41', '\\u00e9', '\\/', '\\ ', '\\_', '\\0', "'"];

const pad = (n: number) => ' '.repeat(Math.max(0, n));

/** The column a continuation line of a value whose key sits at `key` starts at. */
function continuationColumn(r: Rng, key: number): number {
  return Math.max(0, key + pick(r, [-key, -1, 0, 0, 1, 2, 4]));
}

function plain(r: Rng, key: number): string {
  let s = pick(r, PLAIN_FIRST);
  if (chance(r, 0.4)) {
    for (let n = int(r, 1, 3); n > 0; n--) {
      if (chance(r, 0.2)) s += '\n';
      if (chance(r, 0.1)) s += `\n${pad(int(r, 0, key + 2))}# between`;
      s += `\n${pad(continuationColumn(r, key))}${pick(r, WORDS)}`;
    }
  }
  return s;
}

function quotedText(r: Rng, key: number, q: "'" | '"'): string {
  const part = () => (q === '"' ? pick(r, [...WORDS.map((w) => w.replace("''", "'")), ...ESCAPES]) : pick(r, WORDS));
  let s = q + some(r, 1, 3, part).join(' ');
  for (let n = chance(r, 0.7) ? int(r, 1, 3) : 0; n > 0; n--) {
    if (q === '"' && chance(r, 0.2)) s += '\\';
    else if (chance(r, 0.2)) s += '  ';
    if (chance(r, 0.25)) s += '\n' + pad(int(r, 0, 3));
    // a document marker at column 0 ends the document in Go's reader, even inside quotes
    s += `\n${chance(r, 0.03) ? pick(r, ['---', '...']) + ' ' : ''}${pad(continuationColumn(r, key))}${some(r, 1, 2, part).join(' ')}`;
  }
  return s + q + (chance(r, 0.1) ? pick(r, [' # after', '#x', ' x']) : '');
}

function blockScalar(r: Rng, key: number): string {
  const head = pick(r, ['|', '|-', '|+', '>', '>-', '>+', '|2', '>1-']) + (chance(r, 0.15) ? ' # head' : '');
  const base = key + int(r, 1, 3);
  const lines: string[] = [];
  for (let n = int(r, 1, 5); n > 0; n--) {
    const roll = r();
    if (roll < 0.15) lines.push('');
    else if (roll < 0.3) lines.push(pad(base + int(r, 1, 3)) + pick(r, WORDS));
    else if (roll < 0.35) lines.push(pad(int(r, 0, base)) + '# maybe a comment');
    else lines.push(pad(base) + some(r, 1, 3, () => pick(r, WORDS)).join(' '));
  }
  if (chance(r, 0.3)) lines.push('');
  return head + '\n' + lines.join('\n');
}

function flow(r: Rng, key: number): string {
  const item = () => pick(r, ['a', '"q, r"', "'s'", '1', 'x: y', '{k: v}', '[n]', '']);
  const [open, close] = chance(r, 0.5) ? ['[', ']'] : ['{', '}'];
  const items = some(r, 0, 3, item);
  const sep = chance(r, 0.4) ? `,\n${pad(continuationColumn(r, key))}` : ', ';
  return open + items.join(sep) + (chance(r, 0.1) ? ',' : '') + close;
}

function scalar(r: Rng, key: number): string {
  switch (int(r, 0, 5)) {
    case 0:
      return plain(r, key);
    case 1:
      return quotedText(r, key, "'");
    case 2:
      return quotedText(r, key, '"');
    case 3:
      return blockScalar(r, key);
    case 4:
      return flow(r, key);
    default:
      return pick(r, PLAIN_FIRST);
  }
}

/** A key as templates spell them: plain mostly, sometimes quoted, explicit (`? k`) or with odd spacing. */
function keyText(r: Rng, key: string): string {
  const roll = r();
  if (roll < 0.06) return `"${key}"`;
  if (roll < 0.1) return `'${key}'`;
  if (roll < 0.12) return `${key} `;
  if (roll < 0.13) return `${key}\t`;
  return key;
}

/** An anchor, a tag or both before a value, now and then; a bare alias sometimes stands for it. */
function withProperties(r: Rng, value: string): string {
  const roll = r();
  if (roll < 0.04) return `&a${int(r, 0, 2)} ${value}`;
  if (roll < 0.07) return `${pick(r, ['!!str', '!!int', '!!bool', '!!float', '!!null', '!custom', '!!binary'])} ${value}`;
  if (roll < 0.08) return `*a${int(r, 0, 2)}`;
  return value;
}

/**
 * A value that starts on the line after its key, at a column less than, equal to or more than
 * the key's (lakeFS' `config.yaml:` then `  |` from a too-shallow nindent), with a comment or a
 * blank line between now and then: block scalar headers, quoted and plain scalars, flow
 * collections, properties alone on the key's line.
 */
function nextLineValue(r: Rng, keyLine: string, indent: number): string[] {
  const out = [keyLine + (chance(r, 0.1) ? ' # c' : '')];
  if (chance(r, 0.1)) out.push('');
  if (chance(r, 0.1)) out.push(pad(int(r, 0, indent + 2)) + '# between');
  const col = Math.max(0, indent + pick(r, [-2, -1, 0, 0, 0, 1, 2, 2, 4]));
  const props = chance(r, 0.15) ? pick(r, ['&n', '!!str', '!!map', '&m !!str']) : '';
  if (props && chance(r, 0.5)) {
    out[0] += ` ${props}`;
  }
  const value = scalar(r, col);
  const lines = value.split('\n');
  out.push(pad(col) + (props && !out[0].endsWith(props) ? `${props} ` : '') + lines[0], ...lines.slice(1));
  return out;
}

/** Lines of a block mapping at `indent`; `first` is the prefix of its first line (`- ` items). */
function mapping(r: Rng, indent: number, depth: number, first = pad(indent)): string[] {
  const out: string[] = [];
  let prefix = first;
  for (let n = int(r, 1, 4), i = 0; i < n; i++) {
    if (chance(r, 0.1)) out.push(pad(int(r, 0, indent + 3)) + '# comment line');
    if (chance(r, 0.05)) out.push('');
    const key = `k${depth}${i}`;
    const roll = r();
    if (depth < 3 && roll < 0.2) {
      out.push(`${prefix}${key}:${chance(r, 0.1) ? ' # c' : ''}`, ...mapping(r, indent + pick(r, [1, 2, 2, 4]), depth + 1));
    } else if (depth < 3 && roll < 0.35) {
      out.push(`${prefix}${key}:`, ...sequence(r, indent + pick(r, [0, 0, 2]), depth + 1));
    } else if (roll < 0.5) {
      out.push(...nextLineValue(r, `${prefix}${keyText(r, key)}:`, indent));
    } else {
      const value = withProperties(r, scalar(r, indent));
      out.push(`${prefix}${keyText(r, key)}: ${value}${chance(r, 0.1) && !value.includes('\n') ? ' # end' : ''}`);
    }
    prefix = pad(indent);
  }
  return out;
}

function sequence(r: Rng, indent: number, depth: number): string[] {
  const out: string[] = [];
  for (let n = int(r, 1, 3); n > 0; n--) {
    if (chance(r, 0.4)) out.push(...mapping(r, indent + 2, depth + 1, `${pad(indent)}- `));
    else out.push(`${pad(indent)}- ${scalar(r, indent + 2)}`);
  }
  return out;
}

/** One document: a block mapping at column 0, as a template renders into a manifest. */
export function randomYamlDocument(r: Rng): string {
  const doc = mapping(r, 0, 0).join('\n') + (chance(r, 0.8) ? '\n' : '');
  // drawn after the mapping, so a seed's other documents stay as they were
  return chance(r, 0.08) ? flowRoot(r) : doc;
}

/** A flow mapping as the whole document, then text go-yaml's Unmarshal never reads (or a `:` that makes it a key). */
function flowRoot(r: Rng): string {
  const entries = some(r, 1, 3, () => pick(r, ['a: 1', 'k: v', '"q": [n]', 'x: {y: z}', "s: 'w'"]));
  return `{${entries.join(', ')}}${pick(r, [' tail', '\nfoo: bar', ' [3]', '\n- x', ' : 3', ' # c', '\n---\nb: 2', ' ]', ' {', '\n  more', ''])}\n`;
}
