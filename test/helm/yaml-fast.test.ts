// The plain-shape YAML reader (src/helm/values/yaml-fast.ts) must give exactly what the full reader
// gives, key order and number kinds included, or give up: on a table of shapes, and on every YAML
// file and rendered document of real charts (../shared/charts, and $AIRGAP_CORPUS when set).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { readPlainYaml } from '../../src/helm/values/yaml-fast.js';
import { parseYamlDocumentsFully } from '../../src/helm/values/yaml.js';

/** A value printed with its key order and number kinds (JSON loses -0, NaN and Infinity). */
function show(v: unknown): string {
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
  'x'.repeat(1025) + ': long\n',
  'a: 1\r\nb: 2\r\n',
  '\ufeffa: 1\n',
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

const CORPORA = [resolve('../shared/charts'), ...(process.env.AIRGAP_CORPUS ? [resolve(process.env.AIRGAP_CORPUS)] : [])];

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
