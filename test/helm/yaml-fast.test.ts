// The plain-shape YAML reader (src/helm/values/yaml-fast.ts) must give exactly what the full reader
// gives, key order and number kinds included, or give up: on a table of shapes, on generated
// documents, and on every YAML file and rendered document of real charts (../shared/charts, and
// $AIRGAP_CORPUS when set).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { chance, int, pick, rng, some, type Rng } from '../../fuzz/rng.js';
import { readChart } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { NO_DOCUMENT, readPlainYaml } from '../../src/helm/values/yaml-fast.js';
import { parseYamlDocumentsFully } from '../../src/helm/values/yaml.js';

/** A value printed with its key order and number kinds (JSON loses -0, NaN and Infinity). */
function show(v: unknown): string {
  if (v === NO_DOCUMENT) return '0 documents';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${show(x)}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** What the full reader gives for a one-document text, or 'error'. */
function full(text: string): string {
  try {
    const docs = parseYamlDocumentsFully(text, 'x.yaml');
    return docs.length === 1 ? show(docs[0]) : `${docs.length} documents`;
  } catch {
    return 'error';
  }
}

const READ: string[] = [
  // no document, or one empty one
  '',
  '\n',
  '# Source: chart/templates/crds.yaml\n',
  '# a\n\n  # b\n',
  '---\n# c\n',
  '# c\n---\n',
  'a: 1\nb: two\nc: true\nd: ~\ne: 0x1F\nf: 1e3\ng: .inf\nh: -0\ni: 0777\nj: 2024-01-02\nk: yes\n',
  'a:\n  b:\n    c: d\n  e: f\ng: h',
  'list:\n- a\n- b\nnext: 1\n',
  'list:\n  - a\n  -  b # c\n  -\n  - x: 1\n    y: 2\n  - z:\n      deep: 1\n',
  '- a: 1\n  b: 2\n- c\n',
  "q1: 'it''s'\nq2: \"tab\\there \\u00e9 \\x41 \\\\ \\\"\"\nq3: '' # empty\nq4: \"\"\n",
  '\'quoted key\': 1\n"dq: key": 2\n"1": x\n1: y\non: z\n~: n\n1.50: f\n',
  'url: http://example.com:8080/x\nhash: a#b\ncomment: a # b\nbrackets: a[0],{b}\ndash: -1\nflag: --x=y\n',
  'block: |\n  line one\n    indented\n\n  after blank\nstrip: |-\n  x\n\nnext: 1\nend: |\n  last',
  'seq:\n- |\n  text\n- |-\n  more\n',
  'f1: ["a", b, \'c d\', 1, true]\nf2: [ x ]   # c\nf3: ["a,b", "[x]"]\nf4:\n  - [a]\n  - []\n',
  // a quote inside a plain item is text: [a'b, c'] is two items (the reader once gave one)
  'f5: [a\'b, c\']\nf6: [a"b, c"]\n',
  '- {key: app.kubernetes.io/name, operator: In, values: [a, "b"]}\n- { }\n- {"k":"v","n":1, \'q\': {x: [[]]}}\n',
  "d: 'wrapped\n\n  over # lines\n  it''s\n\n  '\ne: \"a\n   \\u00e9 b\"  # c\n",
  'd: a long\n  description\n    wrapped\n\n  after a blank\nnext: x\n',
  'list:\n- description: Human readable message\n    is here.\n  name: x\n- plain\n  wrapped\n',
  'r:\n  {}\ns:\n  []\nt:\n  plain\n  wrapped\nu:\n  "q"\n',
  'k: null\n  # - commented: out\n  #   more\nnext: 1\nl: a\n  b\n  # c\nm: x\n',
  'p1: ::/0\np2: :8081\np3: ?x\np4: -\u00e9\ne5: {}  # @schema type:[object, null]\ne6: { }\ne7: [ ]\n',
  'e1: []\ne2: {}\ne3: [] # c\ne4:\ne5: # only a comment\n  sub: 1\n',
  '---\na: 1\n',
  '# head\n\n  # indented comment\na: 1 # tail\n\n',
  'dup: 1\ndup: 2\n__proto__: x\n',
  'k: v\n' + 'x'.repeat(1024) + ': long\n',
  // keep chomping (flink-kubernetes-operator's config files), at the end of the text too
  'a: |+\n  x\n\n\n# c\n\nb: |+\n  y\n\n',
  'a:\n  b: |+\n    x\n\n  c: 1\nd: |+\n  x',
  '- |+\n  x\n\n- y\n',
  // a tab in a comment line (metallb's values)
  '# \tnote\na: 1\n  # \tmore\nb: 2\n',
  // a wrapped plain scalar whose next line starts with an indicator (eck-operator's CRDs, a
  // pg_dumpall command line)
  'description: Only one of\n  [`Config`, `ConfigRef`] can be specified.\nb: 1\n',
  'cmd: pg_dumpall\n  --no-password --file="x"\n  - not an item\n  "not quoted\n  {not, flow}\n  &a *b !c |d >e %f @g ?h ,i ]j }k\n',
  '- first\n  [second] line\n- next\n',
  // spaces before a plain key's colon (gpu-operator's `maxUnavailable : 25%`)
  'maxUnavailable : 25%\nk  :\n  x: 1\nl : |\n  t\n',
  '- k : v\n  w  : 2\n',
  // literal blocks with blank lines first, lines of spaces past their indentation (templated
  // scripts), or no lines at all (zammad's redis users.acl)
  'a: |\n\n  x\n',
  'a: |\n  \n  x\nb: 1\n',
  'a: |\n  x\n    \n  y\n',
  'a: |\n  x\n    \nb: 1\n',
  'a: |-\n  x\n    \nb: 1\n',
  'a: |+\n  x\n    \nb: 1\n',
  'a: |\n  x\n   \n\nb: 1\n',
  'a: |-\n  x\n     \n     \n  y\n',
  'a: |-\nb: 1\n',
  'a: |\nb: 1\n',
  'a: |-\n\nb: 1\n',
  'a: |\n  \nb: 1\n',
  '- |-\n- x\n',
  'a:\n  b: |-\n  c: 1\n',
  // the document's end marker last (kiali's configmap)
  'a: 1\n...\n',
  'a: |\n  x\n...\n# c\n\n',
  'a: x\n  y\n... # end\n',
  'a:\n- x\n... \n',
];

const LEFT_OR_EQUAL: string[] = [
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a: [1, 2]\n',
  'a: [1, [2]]\n',
  'a: [a: 1]\n',
  'a: [1, ]\n',
  'a: [1,, 2]\n',
  'a: [1 # c\n  , 2]\n',
  'a: [1] x\n',
  'a: [http://x]\n',
  'a: {b: 1}\n',
  'a: >\n  folded\n',
  'a: |+\n  keep\n',
  'a: |2\n    x\n',
  'a: b\n  c\n',
  'a: b # c\n  d\n',
  'a: b\n  - c\n',
  'a: b\n  # c\n',
  'a: b\n  # c\n  d\n',
  'a: b\n  c: d\n',
  'a: b\n  c #d\n',
  'a: "open\n  close"\n',
  "a: 'x' y\n",
  'a: 1\n---\nb: 2\n',
  '<<: {a: 1}\n',
  'a:\tb\n',
  'a: b: c\n',
  '? complex\n: key\n',
  'just a scalar\n',
  '',
  '# only comments\n',
  'a: 1\n  b: 2\n',
  '  a: 1\n',
  'a: |\n\n  leading blank\n',
  'a: |\n  x\n    \nb: 1\n',
  'a: "\\q"\n',
  'a: @x\n',
  'a: `x\n',
  'a:\n  - b\n  c: 1\n',
  '- a\nb: 1\n',
  'a : 1\n',
  'a: x\n  : y\n',
  'a: x\n  :\n',
  'a: x\n  b : y\n',
  '"k" : v\n',
  'k # c : v\n',
  '<< : {a: 1}\n',
  'a: x\n  # not text\n  y\n',
  'a: |-\n    \n  x\n',
  'a: |\n    \n  x\n',
  'a: |+\nb: 1\n',
  'a: |+\n\n\nb: 1\n',
  'a: |',
  'a: |\n',
  'a: |-\n  x\n    ',
  'a: |\n  x\n     ',
  'a: |\n  x\n  \t\n',
  'a: 1\n...\nb: 2\n',
  'a: 1\n....\n',
  '...\n',
  'a: 1\n...',
  'a: |+\n  x\n\n...\n',
  'a: "x\n...\n',
  'a: 1\n...x\n',
  'x'.repeat(1025) + ': long\n',
  'a: 1\r\nb: 2\r\n',
  '\ufeffa: 1\n',
  // a tab in a comment-like line that a block scalar or a quoted one takes as content
  'a: |\n  #\tx\n',
  'a: "x\n  #\ty"\n',
  'a:\t1\n',
  'a: |+\n  x\n\n  ',
];

describe('the plain-shape YAML reader', () => {
  it.each(READ.map((t) => [JSON.stringify(t).slice(0, 60), t]))('reads %s as the full reader does', (_, text) => {
    const fast = readPlainYaml(text);
    expect(fast, 'fell back to the full reader').not.toBeUndefined();
    expect(show(fast)).toBe(full(text));
  });

  it.each(LEFT_OR_EQUAL.map((t) => [JSON.stringify(t).slice(0, 60), t]))('gives %s up to the full reader (or agrees)', (_, text) => {
    const fast = readPlainYaml(text);
    if (fast !== undefined) expect(show(fast)).toBe(full(text));
  });

  it('gives up on everything the full reader refuses in the table', () => {
    for (const text of LEFT_OR_EQUAL) if (full(text) === 'error') expect(readPlainYaml(text), JSON.stringify(text)).toBeUndefined();
  });
});

// Generated documents of the shapes it reads beyond the plainest: flow collections on one line
// (in block sequences and as values, nested, empty, quoted keys, JSON's `"k":v`) and quoted
// scalars folded over lines (blank lines, escapes, `#` inside, trailing spaces), with the nasty
// variants mixed in (flow collections over lines, a continuation not deep enough, junk after the
// closing quote, a trailing `\`). Property: whatever it reads equals the full reader's value;
// whatever the full reader refuses, it gives up on.
const PLAIN = ['a', 'app.kubernetes.io/name', 'In', 'NotIn', '1', '-1', '0x1F', '0777', '1e3', '.inf', 'true', 'yes', 'on', 'null', '~', 'a b', 'a  b'];
const PLAIN_NASTY = ["a'b", 'a"b', 'http://x', 'a:b', 'a#b', '&x a', '*x', '!t a', '@x', '? x', '- x', '-x', '2024-01-02', '+1'];
const QUOTED = ["'it''s'", '"tab\\there"', '"a # b"', "'# c'", '"\\u00e9 \\x41"', '""', "''", '"a, b"', "'[x]'", '"{y: z}"', '"\\\\"', '"a\\"b"', "'a: b'"];
const KEYS = ['key', 'operator', 'values', '"quoted key"', "'s k'", '"a: b"', '1', 'on', '~', '"1"', 'a b', 'key', '__proto__', '"#"'];
const KEYS_NASTY = ['', 'a ', '<<', '[k]', '-k', '?k', '"x" y', 'k#'];

function scalar(r: Rng): string {
  if (chance(r, 0.1)) return pick(r, PLAIN_NASTY);
  return chance(r, 0.35) ? pick(r, QUOTED) : pick(r, PLAIN);
}

function sep(r: Rng, indent: number): string {
  // a flow collection over lines (the full reader's), or odd spacing around the comma
  if (chance(r, 0.04)) return `,\n${' '.repeat(indent + int(r, 0, 3))}`;
  return pick(r, [', ', ', ', ',', ' , ', ',  ']);
}

function flow(r: Rng, depth: number, indent: number): string {
  const pad = () => (chance(r, 0.2) ? ' ' : '');
  if (depth > 2 || chance(r, 0.35)) return scalar(r);
  const items = some(r, 0, 3, () => (chance(r, 0.5) ? flow(r, depth + 1, indent) : scalar(r)));
  if (chance(r, 0.5)) {
    const trailing = chance(r, 0.04) ? ',' : '';
    return items.length === 0 ? pick(r, ['[]', '[ ]']) : `[${pad()}${items.join(sep(r, indent))}${trailing}${pad()}]`;
  }
  const entries = items.map((v) => {
    const key = chance(r, 0.05) ? pick(r, KEYS_NASTY) : pick(r, KEYS);
    return chance(r, 0.04) ? key : `${key}:${chance(r, 0.05) ? '' : ' '}${v}`;
  });
  return entries.length === 0 ? pick(r, ['{}', '{ }']) : `{${pad()}${entries.join(sep(r, indent))}${pad()}}`;
}

const WORDS = [
  'word',
  'CPU usage at {{ $labels.instance }}',
  '#not-a-comment',
  'a: b',
  "it''s",
  '- dash',
  'x  y',
  '"',
  '\\"',
  '\\t',
  '\\n',
  '\\x41',
  '\\\\',
  '%.2f',
];

/** A quoted scalar over `lines` lines, continued at `indent` (deeper than the owner, or not). */
function multiLine(r: Rng, owner: number): string {
  const q = chance(r, 0.6) ? "'" : '"';
  const word = () => {
    const w = pick(r, WORDS);
    if (q === "'") return w.replaceAll('\\', '').replaceAll('"', "''");
    return w.replaceAll("''", "'").replace(/^"$/, '\\"');
  };
  const at = () => ' '.repeat(chance(r, 0.05) ? int(r, 0, owner) : owner + int(r, 1, 4));
  const trail = () => (chance(r, 0.2) ? ' '.repeat(int(r, 1, 3)) : '') + (q === '"' && chance(r, 0.04) ? '\\' : '');
  let out = q + some(r, 0, 3, word).join(' ') + trail();
  for (let n = int(r, 1, 4); n > 0; n--) {
    for (let b = chance(r, 0.4) ? int(r, 1, 2) : 0; b > 0; b--) out += '\n' + (chance(r, 0.3) ? ' '.repeat(int(r, 0, owner + 6)) : '');
    out += '\n' + at() + some(r, n === 1 && chance(r, 0.3) ? 0 : 1, 3, word).join(' ') + (n > 1 ? trail() : '');
  }
  out += q;
  if (chance(r, 0.15)) out += pick(r, [' # c', '  #c', ' x', '#c', ' ']);
  return out;
}

function value(r: Rng, owner: number, depth: number): string {
  const k = r();
  if (k < 0.3) return ' ' + flow(r, 0, owner);
  if (k < 0.55) return ' ' + multiLine(r, owner);
  if (k < 0.7 || depth > 2) return ' ' + scalar(r);
  if (k < 0.85) return '\n' + seq(r, owner + pick(r, [0, 2]), depth + 1);
  return '\n' + map(r, owner + 2, depth + 1);
}

function seq(r: Rng, indent: number, depth: number): string {
  const pad = ' '.repeat(indent);
  return some(r, 1, 3, () => {
    const k = r();
    if (k < 0.5) return `${pad}- ${flow(r, 0, indent)}${chance(r, 0.05) ? ' # c' : ''}`;
    if (k < 0.75) return `${pad}- ${multiLine(r, indent)}`;
    if (k < 0.9) return `${pad}- ${pick(r, KEYS)}:${value(r, indent + 2, depth + 1)}`;
    return `${pad}- ${scalar(r)}`;
  }).join('\n');
}

function map(r: Rng, indent: number, depth: number): string {
  const pad = ' '.repeat(indent);
  return some(r, 1, 3, () => `${pad}${pick(r, KEYS)}:${chance(r, 0.1) ? '   ' : ''}${value(r, indent, depth)}`).join('\n');
}

function document(r: Rng): string {
  return (chance(r, 0.3) ? seq(r, 0, 0) : map(r, 0, 0)) + (chance(r, 0.8) ? '\n' : '');
}

describe('the fast YAML reader against the full one on generated flow collections and folded quoted scalars', () => {
  it('reads what it reads as the full reader does, and gives up on all the full reader refuses', () => {
    const r = rng(20261124);
    const seen = { fast: 0, all: 0, refused: 0 };
    for (let i = 0; i < 20_000; i++) {
      const text = document(r);
      const expected = full(text);
      const fast = readPlainYaml(text);
      seen.all++;
      if (expected === 'error') seen.refused++;
      if (fast === undefined) continue;
      seen.fast++;
      expect(show(fast), JSON.stringify(text)).toBe(expected);
    }
    // the generator reaches both sides: many documents read the fast way, some refused
    expect(seen.fast).toBeGreaterThan(seen.all * 0.3);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it.each([
    ['- {key: app.kubernetes.io/name, operator: In, values: [alertmanager]}\n', [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['alertmanager'] }]],
    ['a:\n  - { "q k": \'x # y\', e: {}, f: [ ], g: [{h: 1}, [2]] }\n', { a: [{ 'q k': 'x # y', e: {}, f: [], g: [{ h: 1 }, [2]] }] }],
    ["d: 'one\n\n  two\n  three\n\n\n  '\n", { d: 'one\ntwo three\n\n' }],
    ['d: "a \\t # b   \n   c \\x41"  # comment\ne: 1\n', { d: 'a \t # b c A', e: 1 }],
  ])('reads %j the fast way', (text, want) => {
    const fast = readPlainYaml(text);
    expect(fast, 'fell back').not.toBeUndefined();
    expect(fast).toEqual(want);
    expect(show(fast)).toBe(full(text));
  });

  it.each(['a: [b,\n  c]\n', 'a: {b: c,\n  d: e}\n', 'a: "x\\\n  y"\n', "a: 'x\ny'\n", 'a: [b, ]\n', 'a: {b}\n', 'a: {b: http://c}\n', "a: 'x\n  y' z\n"])(
    'leaves %j to the full reader',
    (text) => {
      expect(readPlainYaml(text)).toBeUndefined();
    },
  );
});

// ../shared/charts is CI's extra (a fresh clone has none): read it only where it exists.
const CORPORA = [
  ...(existsSync(resolve('../shared/charts')) ? [resolve('../shared/charts')] : []),
  ...(process.env.AIRGAP_CORPUS ? [resolve(process.env.AIRGAP_CORPUS)] : []),
];

/** Every .yaml/.yml file of a chart archive, by path. */
function yamlFiles(tgz: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const p = new Parser();
  p.on('entry', (e: ReadEntry) => {
    const chunks: Buffer[] = [];
    e.on('data', (c: Buffer) => chunks.push(c));
    e.on('end', () => {
      if (e.type === 'File' && /\.ya?ml$/.test(e.path) && !/\/templates\//.test(e.path))
        out.push({ path: e.path, text: Buffer.concat(chunks).toString('utf8') });
    });
  });
  p.end(gunzipSync(readFileSync(tgz)));
  return out;
}

describe.each(CORPORA)('real charts in %s', (dir) => {
  const charts = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  const seen = { fast: 0, all: 0 };
  it('has charts', () => expect(charts.length).toBeGreaterThan(0));

  it.each(charts)('%s: every values file and rendered document reads the same either way', async (name) => {
    const texts = yamlFiles(join(dir, name));
    const chart = await readChart(join(dir, name));
    let rendered: { docs: { template: string; text: string }[] } = { docs: [] };
    try {
      rendered = renderChart(chart, {});
    } catch {
      // a chart that needs values to render: its files are still read
    }
    for (const d of rendered.docs) texts.push({ path: d.template, text: d.text });
    let fast = 0;
    for (const { path, text } of texts) {
      const v = readPlainYaml(text);
      if (v === undefined) continue;
      fast++;
      expect(show(v), path).toBe(full(text));
    }
    seen.fast += fast;
    seen.all += texts.length;
  });

  it('reads most of them the fast way (else it is dead weight)', () => {
    expect(seen.fast, `${seen.fast} of ${seen.all} read the fast way`).toBeGreaterThan(seen.all * 0.6);
  });
});
