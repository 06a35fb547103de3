// The engine's named behaviours (helm/engine/defaults.ts), each on a small chart where real Helm
// 4.1.4 and 4.2.3 differ: our `template --helm-version L` prints byte for byte what real Helm L
// prints, or refuses what it refuses with the same words, for L = 3.17, 4.1 and 4.2. Each case
// also checks that two real Helms (4.1.4 and 4.2.3 unless said) do differ on it, so it shows the
// behaviour it names.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { realHelm } from '../support/tools.js';
import type { HelmLine } from '../../src/helm/engine/defaults.js';

const LINES: readonly HelmLine[] = ['3.17', '4.1', '4.2'];
const CHART = 'apiVersion: v2\nname: lines\nversion: 0.1.0\n';

interface Case {
  behaviour: string;
  files: Record<string, string>;
  /** What a refusing Helm's error says (ours says it too). */
  refusal?: RegExp;
  /** The two real Helms that differ on it (4.1 and 4.2 unless said). */
  differ?: readonly [HelmLine, HelmLine];
}

const CASES: Case[] = [
  {
    behaviour: 'mustToToml (a template function from 4.2)',
    files: {
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n  toml: {{ mustToToml (dict "a" 1 "b" (list 1 2)) | quote }}\n',
    },
    refusal: /function "mustToToml" not defined/,
  },
  {
    behaviour: "dropsDefaultNulls (a chart's default nulls left out from 4.2; pluck falls through to globals)",
    files: {
      'values.yaml': 'key: null\nnested:\n  a: null\n  b: 1\nown:\n  thing: null\nglobal:\n  thing: from-global\nsubc:\n  dropped: null\n',
      'templates/cm.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: nulls',
        'data:',
        '  key: {{ printf "%s" .Values.key | quote }}',
        '  hasKey: {{ hasKey .Values "key" | quote }}',
        '  nested: {{ toJson .Values.nested | quote }}',
        '  pluck: {{ pluck "thing" .Values.own .Values.global | first | quote }}',
        '',
      ].join('\n'),
      'charts/subc/Chart.yaml': 'apiVersion: v2\nname: subc\nversion: 0.1.0\n',
      'charts/subc/values.yaml': 'dropped: from-subchart\ninner:\n  gone: null\n',
      'charts/subc/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\ndata:\n  dropped: {{ .Values.dropped | quote }}\n  inner: {{ toJson .Values.inner | quote }}\n',
    },
  },
  {
    behaviour: "keepsTrailingWhitespace (a file's last document keeps its trailing blank lines from 4.2)",
    files: {
      'templates/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a   \n\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  \n\n',
      'templates/b.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n \n\n',
      'templates/hook.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: h2\n  annotations:\n    helm.sh/hook: post-install\n\n\n',
    },
  },
  {
    behaviour: 'keepsTrailingWhitespace (a last line of blanks holding a tab is YAML Helm 4.2 reads, and refuses as go-yaml does)',
    files: {
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tab\n\t \n',
      'templates/q.yaml': "apiVersion: v1\nkind: Secret\nmetadata:\n  name: 'q'\n",
    },
    refusal: /line 5: found a tab character that violates indentation/,
  },
  {
    behaviour: 'the default capabilities (v1.36.0 and its API versions from 4.2)',
    files: {
      'templates/cm.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: caps',
        'data:',
        '  version: {{ .Capabilities.KubeVersion.Version }}',
        '  minor: {{ .Capabilities.KubeVersion.Minor | quote }}',
        '  v2beta2: {{ .Capabilities.APIVersions.Has "autoscaling/v2beta2" | quote }}',
        '  v1alpha2: {{ .Capabilities.APIVersions.Has "scheduling.k8s.io/v1alpha2" | quote }}',
        '  all: {{ toJson .Capabilities.APIVersions | quote }}',
        '',
      ].join('\n'),
    },
  },
  {
    behaviour: 'semver (Masterminds 3.5 quotes an improper constraint from 4.2)',
    files: { 'templates/cm.yaml': 'a: {{ semverCompare "bad constraint!" "1.0.0" }}\n' },
    refusal: /error calling semverCompare: improper constraint: "?bad constraint!"?$/m,
  },
  {
    behaviour: 'semver (an invalid version, worded as each Masterminds release words it)',
    files: { 'templates/cm.yaml': 'a: {{ semverCompare ">=1.0.0" "not-a-version" }}\n' },
    refusal: /error calling semverCompare: (Invalid Semantic Version|invalid semantic version)$/m,
    differ: ['3.17', '4.1'],
  },
  {
    behaviour: 'chart API v3 (refused by Helm 4, read as v2 by Helm 3.17)',
    files: { 'Chart.yaml': 'apiVersion: v3\nname: lines\nversion: 0.1.0\n', 'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v3\n' },
    refusal: /invalid chart apiVersion/,
    differ: ['3.17', '4.1'],
  },
];

let work: string;
const helms = {} as Record<HelmLine, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'helm-lines-'));
  for (const l of LINES) helms[l] = (await realHelm(l)).helm;
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function chartOf(c: Case, n: number): Promise<string> {
  const dir = join(work, `c${n}`);
  for (const [name, text] of Object.entries({ 'Chart.yaml': CHART, ...c.files })) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const real = (line: HelmLine, dir: string) =>
  execa(helms[line], ['template', 'release-name', dir], {
    reject: false,
    env: { HELM_CACHE_HOME: join(work, 'cache'), HELM_CONFIG_HOME: join(work, 'config'), HELM_DATA_HOME: join(work, 'data') },
  });

describe('one engine, three Helms: each named behaviour as real Helm 3.17.2, 4.1.4 and 4.2.3 have it', () => {
  it.each(CASES.map((c, i) => [c.behaviour, c, i] as const))('%s', async (_name, c, n) => {
    const dir = await chartOf(c, n);
    const seen: Record<string, string> = {};
    for (const line of LINES) {
      const h = await real(line, dir);
      const ours = await runCli(['template', dir, '--helm-version', line]);
      seen[line] = h.exitCode === 0 ? h.stdout : `refused: ${h.stderr}`;
      if (h.exitCode !== 0) {
        expect(c.refusal, `real Helm ${line} refuses: ${h.stderr}`).toBeDefined();
        expect(h.stderr).toMatch(c.refusal!);
        expect(ours.exitCode, `Helm ${line} refuses it; we printed ${ours.stdout}`).not.toBe(0);
        expect(ours.stderr).toMatch(c.refusal!);
        // the same words: what follows "error calling ..." or the loader's message, as Helm says it
        const said = c.refusal!.exec(h.stderr)![0];
        expect(ours.stderr, `Helm ${line}`).toContain(said);
        continue;
      }
      expect(ours.stderr, `Helm ${line}`).toBe('');
      expect(ours.exitCode).toBe(0);
      expect(ours.stdout, `following Helm ${line}`).toBe(h.stdout + '\n');
    }
    const [a, b] = c.differ ?? ['4.1', '4.2'];
    expect(seen[b], `real Helm ${a} and ${b} differ on this chart`).not.toBe(seen[a]);
  });
});
