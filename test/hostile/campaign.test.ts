// The hostile-input campaign as one table: charts, bundles, URLs and flags an attacker (or a
// broken upload) can hand us. Each case runs the built CLI as a whole process, as a user would,
// under GNU time for its peak RSS, with its own HOME and cache, and must end (killed, and failed,
// past 20 s) within 512 MiB with a clear error naming what is wrong and a next: step — or with
// real Helm 4's own result where Helm accepts the input — and write nothing outside its output
// folder. Neighbours of each case in the issue are included (links as well as `../`, the manifest
// as well as values.yaml).
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar, makeTgz, tarHeader } from '../support/tar-builder.js';
import { realHelm, requireTool } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const LIMIT_S = 20;
const LIMIT_RSS_MIB = 512;
let work: string;
let time: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-campaign-'));
  time = await requireTool('time', 'time');
});
afterAll(() => rm(work, { recursive: true, force: true }));

const CHART_YAML = (name: string) => `apiVersion: v2\nname: ${JSON.stringify(name)}\nversion: 0.1.0\n`;
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat('bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n');

interface Case {
  name: string;
  /** Builds the input in `dir` and returns the CLI arguments (`out` is the one folder it may write). */
  make: (dir: string, out: string) => Promise<string[]>;
  /** Exit code, and what stderr must say. */
  exit: number;
  says?: RegExp;
  /** Real Helm 4 arguments on the same input: its success or failure must be ours. */
  helm?: (dir: string) => string[];
  /** A secret that must appear nowhere in what we print. */
  secret?: string;
  /** Tighter bounds than the campaign's (the render budget's cases, with the budget set low). */
  rssMiB?: number;
  seconds?: number;
  /** A file piped to stdin, written in `dir` before the run. */
  stdin?: (dir: string) => Promise<string>;
  env?: Record<string, string>;
}

/** The render budget set low, as a CI job rendering untrusted charts might (2M steps: about a second of bare loop): */
const LOW_BUDGET = ['--render-max-steps', '2M', '--render-max-bytes', '4Mi'];

/** A render-budget case: a chart whose one template is `tpl`, rendered under LOW_BUDGET. */
function budgetCase(name: string, tpl: string, says: RegExp, files: Record<string, string> = {}, budget = LOW_BUDGET): Case {
  return {
    name,
    make: async (d) => [...budget, 'template', await chartDir(d, { 'Chart.yaml': CHART_YAML('budget'), 'templates/t.yaml': tpl, ...files })],
    exit: 1,
    says,
    rssMiB: 128,
    seconds: 5,
  };
}

const NAMES_FILE = /budget\/templates\/t\.yaml/;
const DEEP = 5000;

async function chartDir(dir: string, chart: Record<string, string>): Promise<string> {
  const c = join(dir, 'chart');
  await mkdir(join(c, 'templates'), { recursive: true });
  for (const [f, text] of Object.entries(chart)) await writeFile(join(c, f), text);
  return c;
}

const CASES: Case[] = [
  {
    name: 'a chart named ../../x/PWNED',
    make: async (d) => ['images', await chartDir(d, { 'Chart.yaml': CHART_YAML('../../x/PWNED'), 'templates/cm.yaml': CM })],
    exit: 1,
    says: /chart\.metadata\.name|name .*invalid|not a valid chart name/i,
    helm: (d) => ['template', join(d, 'chart')],
  },
  {
    name: 'a release name with ../',
    make: async (d) => ['images', await chartDir(d, { 'Chart.yaml': CHART_YAML('ok'), 'templates/cm.yaml': CM }), '--name', '../../x'],
    exit: 2,
    says: /release name/i,
    helm: (d) => ['template', '../../x', join(d, 'chart')],
  },
  {
    name: 'a billion-laughs values.yaml',
    make: async (d) => ['images', await chartDir(d, { 'Chart.yaml': CHART_YAML('laughs'), 'values.yaml': BOMB + '\n', 'templates/cm.yaml': CM })],
    exit: 1,
    says: /excessive aliasing/,
    helm: (d) => ['template', join(d, 'chart')],
  },
  {
    name: 'a billion-laughs manifest',
    make: async (d) => [
      'template',
      await chartDir(d, { 'Chart.yaml': CHART_YAML('laughs2'), 'templates/cm.yaml': CM + 'data:\n' + BOMB.replace(/^/gm, '  ') + '\n' }),
    ],
    exit: 1,
    says: /excessive aliasing/,
    helm: (d) => ['template', join(d, 'chart')],
  },
  {
    name: 'a backtracking regex (RE2 answers in linear time)',
    make: async (d) => [
      'template',
      await chartDir(d, { 'Chart.yaml': CHART_YAML('re'), 'templates/cm.yaml': CM + `data:\n  m: {{ regexMatch "(a+)+$" "${'a'.repeat(5000)}b" | quote }}\n` }),
    ],
    exit: 0,
    helm: (d) => ['template', join(d, 'chart')],
  },
  {
    name: 'until 200000000',
    make: async (d) => [
      'template',
      await chartDir(d, { 'Chart.yaml': CHART_YAML('until'), 'templates/cm.yaml': CM + 'data:\n  n: "{{ len (until 200000000) }}"\n' }),
    ],
    exit: 1,
    says: /until.*(limit|more than|at most)/i,
  },
  {
    name: 'a .tgz inflating to 1 GiB',
    make: async (d) => {
      const file = join(d, 'bomb-0.1.0.tgz');
      await pipeline(
        Readable.from(
          (function* () {
            yield Buffer.concat([
              makeTar([{ name: 'bomb/Chart.yaml', data: CHART_YAML('bomb') }]).subarray(0, -1024),
              tarHeader({ name: 'bomb/big', size: 1 << 30 }),
            ]);
            const zeros = Buffer.alloc(1 << 20);
            for (let i = 0; i < 1024; i++) yield zeros;
          })(),
        ),
        createGzip({ level: 1 }),
        createWriteStream(file),
      );
      return ['images', file];
    },
    exit: 1,
    says: /decompresses to more than|too large|exceeds/i,
  },
  {
    name: 'a chart archive entry ../../escape',
    make: async (d) => {
      const file = join(d, 'esc-0.1.0.tgz');
      await writeFile(
        file,
        makeTgz([
          { name: 'esc/Chart.yaml', data: CHART_YAML('esc') },
          { name: 'esc/../../escape.yaml', data: CM },
        ]),
      );
      return ['images', file];
    },
    exit: 1,
    says: /esc-0\.1\.0\.tgz/,
    helm: (d) => ['template', join(d, 'esc-0.1.0.tgz')],
  },
  {
    name: 'a chart archive holding a symlink out',
    make: async (d) => {
      const file = join(d, 'link-0.1.0.tgz');
      await writeFile(
        file,
        makeTgz([
          { name: 'link/Chart.yaml', data: CHART_YAML('link') },
          { name: 'link/templates/cm.yaml', type: '2', linkname: '/etc/passwd' },
        ]),
      );
      return ['template', file];
    },
    // Helm 4 reads the link entry as an empty file (never followed); we refuse the archive outright
    exit: 1,
    says: /link-0\.1\.0\.tgz/,
  },
  {
    name: 'a bundle entry ../../escape',
    make: async (d, out) => {
      const file = join(d, 'esc-bundle.tar');
      await writeFile(
        file,
        makeTar([
          { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
          { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
          { name: '../../escape', data: 'x' },
          { name: 'airgap-lock.json', data: '{}' },
        ]),
      );
      return ['values', file, '--registry', 'registry.example.com/m', '-o', out];
    },
    exit: 1,
    says: /esc-bundle\.tar/,
  },
  {
    name: 'a bundle holding a symlink out',
    make: async (d) => {
      const file = join(d, 'link-bundle.tar');
      await writeFile(
        file,
        makeTar([
          { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
          { name: 'index.json', type: '2', linkname: '/etc/passwd' },
          { name: 'airgap-lock.json', data: '{}' },
        ]),
      );
      return ['inspect', file];
    },
    exit: 1,
    says: /link-bundle\.tar/,
  },
  {
    name: 'a bundle whose header claims 2 GiB',
    make: async (d) => {
      const file = join(d, 'big-header.tar');
      await writeFile(file, Buffer.concat([tarHeader({ name: 'index.json', size: 2 ** 31 }), Buffer.alloc(4096)]));
      return ['inspect', file];
    },
    exit: 1,
    says: /big-header\.tar/,
  },
  {
    name: 'a password in a repository URL',
    secret: 'Pa55-w0rd-x',
    make: async () => ['images', 'demo', '--repo', 'http://bob:Pa55-w0rd-x@127.0.0.1:9/charts'],
    exit: 1,
    says: /127\.0\.0\.1:9/,
  },
  {
    name: "--set with an index past Helm's maximum",
    make: async (d) => ['template', await chartDir(d, { 'Chart.yaml': CHART_YAML('idx'), 'templates/cm.yaml': CM }), '--set', 'a[99999999]=1'],
    exit: 2,
    says: /index|65536/i,
    helm: (d) => ['template', join(d, 'chart'), '--set', 'a[99999999]=1'],
  },
  budgetCase(
    'templates nested 5000 deep in if',
    CM + `data:\n  x: "${'{{ if true }}'.repeat(DEEP)}y${'{{ end }}'.repeat(DEEP)}"\n`,
    /t\.yaml.*more than 500 nested if/,
  ),
  budgetCase(
    'an expression nested 5000 deep in parentheses',
    CM + `data:\n  x: "{{ ${'('.repeat(DEEP)}1${')'.repeat(DEEP)} }}"\n`,
    /t\.yaml.*more than 500 nested/,
  ),
  budgetCase(
    'output doubled by an include 40 times',
    '{{- define "d" }}{{ if lt (len .) 40 }}{{ include "d" (append . 1) }}{{ include "d" (append . 1) }}{{ else }}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{ end }}{{ end }}' +
      CM +
      'data:\n  x: "{{ include "d" list }}"\n',
    /t\.yaml \(define "d"\): the render wrote more than 4194304 bytes.*\n.*--render-max-bytes/,
  ),
  budgetCase(
    'a b64enc chain',
    CM + 'data:\n  x: "{{ $s := "aaaaaaaaaaaaaaaa" }}{{ range until 80 }}{{ $s = b64enc $s }}{{ end }}{{ len $s }}"\n',
    /t\.yaml: a value of \d+ bytes is larger than the render budget's 4194304/,
  ),
  budgetCase('one very long scalar', CM + 'data:\n  x: "{{ repeat 400000000 "a" }}"\n', /t\.yaml: a value of 400000000 bytes/),
  {
    // an RSA-4096 key takes 0.8-1.7 s and weighs 2^21 steps, more than the 2M of LOW_BUDGET: the
    // render stops before its first key (2000 keys would take half an hour), at the same step on any machine
    ...budgetCase(
      'keys generated in a loop',
      CM + 'data:\n{{- range until 2000 }}\n  k{{ . }}: {{ genPrivateKey "rsa" | quote }}\n{{- end }}\n',
      /t\.yaml: the render took more than 2000000 steps.*\n.*--render-max-steps/,
    ),
    seconds: LIMIT_S,
  },
  {
    // a loop that makes only garbage grows the heap ~120 MiB a second before V8 collects: a
    // million steps is a quarter to half a second. Its peak is how far the heap grew before a
    // collection, which depends on the load: 110-118 MiB alone, 133 MiB once in CI beside the
    // other test files; bounded, not endless.
    ...budgetCase(
      'nested until',
      CM + 'data:\n  x: "{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}"\n',
      /t\.yaml: the render took more than 1000000 steps/,
      {},
      ['--render-max-steps', '1M', '--render-max-bytes', '4Mi'],
    ),
    rssMiB: 192,
  },
  budgetCase(
    'a very wide dict',
    CM + '{{- $d := dict }}{{ range until 10000000 }}{{ $_ := set $d (toString .) . }}{{ end }}data:\n  n: "{{ len $d }}"\n',
    NAMES_FILE,
  ),
  budgetCase(
    'a wide dict from a short list, many times over',
    CM + '{{- $d := dict }}{{ range until 3000 }}{{ range until 3000 }}{{ $_ := set $d (toString .) . }}{{ end }}{{ end }}data:\n  n: "{{ len $d }}"\n',
    NAMES_FILE,
  ),
  budgetCase('three million generated documents', '{{- range until 3000000 }}\n---\n' + CM.replace('name: c', 'name: c{{ . }}') + '{{- end }}\n', NAMES_FILE),
  {
    // under the default budget: 4.2 GB and 464 s before documents were charged
    ...budgetCase(
      'three million generated documents, the default budget',
      '{{- range until 3000000 }}\n---\n' + CM.replace('name: c', 'name: c{{ . }}') + '{{- end }}\n',
      /t\.yaml: the render made more than 65536 documents \(the render budget: one for each 4096 bytes of 268435456\)/,
      {},
      [],
    ),
    rssMiB: 384,
    seconds: LIMIT_S,
  },
  {
    // 16 million distinct keys, none made by one call the budget could refuse up front: set charges
    // each new key (with 16Mi the render ends near 124,000 keys, in about a second)
    ...budgetCase(
      'a very wide dict of distinct keys',
      CM +
        '{{- $d := dict }}{{ range $i := until 4000 }}{{ range $j := until 4000 }}{{ $_ := set $d (printf "%d-%d" $i $j) $j }}{{ end }}{{ end }}data:\n  n: "{{ len $d }}"\n',
      /t\.yaml: the maps the render built hold more than 16777216 bytes \(the render budget\)/,
      {},
      ['--render-max-bytes', '16Mi'],
    ),
    rssMiB: 256,
  },
  budgetCase(
    'a hundred thousand generated documents, each from an include (counted where the include writes them)',
    '{{- define "doc" }}\n---\n' + CM.replace('name: c', 'name: c{{ . }}') + '{{- end }}{{- range until 100000 }}{{ include "doc" . }}{{- end }}\n',
    /t\.yaml \(define "doc"\): the render made more than 1024 documents/,
  ),
  {
    // each toggled render has the whole budget: a chart whose switch runs away ends the search once
    name: 'the optional search, where a toggle runs past the budget',
    make: async (d) => [
      ...LOW_BUDGET,
      'images',
      '--optional',
      await chartDir(d, {
        'Chart.yaml': CHART_YAML('budget'),
        'values.yaml': 'image: nginx:1.27\nslow:\n  enabled: false\nother:\n  enabled: false\n',
        'templates/t.yaml':
          CM.replace('kind: ConfigMap', 'kind: Pod') +
          'spec:\n  containers:\n    - name: a\n      image: {{ .Values.image }}\n' +
          '{{- if .Values.slow.enabled }}{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}{{ end }}\n',
      }),
    ],
    exit: 0,
    says: /budget: the optional search stopped: with slow\.enabled=true.*: budget\/templates\/t\.yaml: the render took more than 2000000 steps.*--render-max-steps/,
    // a second of this loop's garbage peaks at 120-145 MiB on Node 20 and 190-250 MiB on Node 24
    // (the same build of 9c1e65a too: Node 24's heap grows further before it collects); bare images: 60
    rssMiB: 320,
    seconds: 5,
  },
  {
    name: 'values nested 200000 deep in brackets',
    make: async (d) => [
      'template',
      await chartDir(d, { 'Chart.yaml': CHART_YAML('deep'), 'values.yaml': `a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`, 'templates/cm.yaml': CM }),
    ],
    exit: 1,
    says: /values\.yaml: line \d+: nested too deeply to read/,
    rssMiB: 128,
    seconds: 5,
  },
  {
    name: 'values nested 100000 deep in sequence items',
    make: async (d) => [
      'template',
      await chartDir(d, { 'Chart.yaml': CHART_YAML('deep'), 'values.yaml': `a:\n${'- '.repeat(100_000)}x\n`, 'templates/cm.yaml': CM }),
    ],
    exit: 1,
    says: /values\.yaml: line \d+: nested too deeply to read/,
    rssMiB: 128,
    seconds: 5,
  },
  {
    name: "a 20 MB values.yaml in a small archive (over Helm 4's 5 MiB a file)",
    make: async (d) => {
      const file = join(d, 'bigvalues-0.1.0.tgz');
      const values = Array.from({ length: 250_000 }, (_, i) => `k${i}: "${'v'.repeat(64)}"`).join('\n');
      await writeFile(
        file,
        makeTgz([
          { name: 'bigvalues/Chart.yaml', data: CHART_YAML('bigvalues') },
          { name: 'bigvalues/values.yaml', data: values },
          { name: 'bigvalues/templates/cm.yaml', data: CM },
        ]),
      );
      return ['template', file];
    },
    exit: 1,
    says: /bigvalues\/values\.yaml" is larger than the maximum file size 5242880/,
    helm: (d) => ['template', join(d, 'bigvalues-0.1.0.tgz')],
    rssMiB: 128,
    seconds: 5,
  },
  {
    name: 'the same 20 MB values.yaml by Helm 3 rules (no such limit): rendered',
    make: async (d) => {
      const file = join(d, 'bigvalues-0.1.0.tgz');
      const values = Array.from({ length: 250_000 }, (_, i) => `k${i}: "${'v'.repeat(64)}"`).join('\n');
      const chart = [
        { name: 'bigvalues/Chart.yaml', data: CHART_YAML('bigvalues') },
        { name: 'bigvalues/values.yaml', data: values },
        { name: 'bigvalues/templates/cm.yaml', data: CM + 'data:\n  n: "{{ len .Values }}"\n' },
      ];
      await writeFile(file, makeTgz(chart));
      return ['template', file, '--helm-version', '3'];
    },
    exit: 0,
  },
  {
    name: 'a chart folder holding a 95 MiB file',
    make: async (d) => {
      const c = await chartDir(d, { 'Chart.yaml': CHART_YAML('bigfile'), 'templates/cm.yaml': CM });
      await writeFile(join(c, 'big.bin'), Buffer.alloc(95 * 1024 * 1024, 7));
      return ['template', c];
    },
    exit: 1,
    says: /"big\.bin" is larger than the maximum file size 5242880/,
    helm: (d) => ['template', join(d, 'chart')],
    rssMiB: 128,
    seconds: 5,
  },
  {
    // 64 MiB of manifests piped in, over a limit set low (the default is 64 MiB); unbounded, the
    // read and its parse took 8 times the input (300 MB grew to 2.4 GB)
    name: 'postrender: stdin past its size limit',
    stdin: async (d) => {
      const file = join(d, 'manifests.yaml');
      const doc = '---\n' + CM + 'data:\n  x: "' + 'y'.repeat(4000) + '"\n';
      await writeFile(file, doc.repeat(Math.ceil((64 * 1024 * 1024) / doc.length)));
      return file;
    },
    env: { HELM_AIRGAP_STDIN_MAX_BYTES: '4Mi' },
    make: async () => ['postrender', '--registry', 'registry.example.com/m'],
    exit: 2,
    says: /standard input is larger than 4194304 bytes \(4 MiB, HELM_AIRGAP_STDIN_MAX_BYTES\)/,
    rssMiB: 128,
    seconds: 5,
  },
  {
    name: 'a registry port past 65535',
    make: async (d, out) => ['values', join(d, 'none.tar'), '--registry', 'host:99999/x', '-o', out],
    exit: 2,
    says: /99999/,
  },
];

/** Every path under `dir` (relative), for the "nothing written outside" check. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) out.push(join(e.parentPath, e.name).slice(dir.length));
  return out.sort();
}

describe("hostile inputs: a clear error (or Helm's result) within 20 s and 512 MiB, nothing written outside the output folder", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = join(work, c.name.replace(/[^a-z0-9]+/gi, '-'));
      const out = join(dir, 'out');
      const home = join(dir, 'home');
      await mkdir(home, { recursive: true });
      const args = await c.make(dir, out);
      const inputFile = c.stdin ? await c.stdin(dir) : undefined;
      const before = await listing(dir);
      const rssFile = join(home, 'rss');
      const r = await execa(time, ['-f', '%M', '-o', rssFile, BIN, ...args], {
        reject: false,
        timeout: (c.seconds ?? LIMIT_S) * 1000,
        cwd: dir,
        env: { HOME: home, HELM_AIRGAP_CACHE: join(home, 'cache'), CI: 'true', PATH: process.env.PATH ?? '', ...c.env },
        extendEnv: false,
        ...(inputFile ? { inputFile } : {}),
      });
      expect(r.timedOut, `${c.name}: did not end within ${c.seconds ?? LIMIT_S} s`).toBe(false);
      const rssMiB = Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop()) / 1024;
      expect(rssMiB, `${c.name}: peak RSS`).toBeLessThan(c.rssMiB ?? LIMIT_RSS_MIB);
      expect(r.exitCode, `${c.name}: ${r.stderr}`).toBe(c.exit);
      if (c.exit !== 0) {
        expect(r.stderr).toMatch(c.says ?? /./);
        expect(r.stderr).toMatch(/next: /);
        expect(r.stderr).not.toMatch(/looks like a bug/);
      }
      if (c.secret) expect(r.stdout + r.stderr).not.toContain(c.secret);
      const after = (await listing(dir)).filter((p) => !p.startsWith('/home') && !p.startsWith('/out'));
      expect(after, `${c.name}: wrote outside its output folder`).toEqual(before.filter((p) => !p.startsWith('/home') && !p.startsWith('/out')));
      if (c.helm) {
        const { helm } = await realHelm(4);
        const h = await execa(helm, c.helm(dir), { reject: false, timeout: LIMIT_S * 1000, env: { HOME: home }, extendEnv: false });
        expect(r.exitCode === 0, `ours ${r.exitCode} vs Helm 4 ${h.exitCode}: ${h.stderr}`).toBe(h.exitCode === 0);
      }
    });
  }
});
