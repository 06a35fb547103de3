// An operator that reads its config file from a ConfigMap the chart writes, overlaid on defaults
// compiled into it (holdout R's eraser): the file gives each job image's tag and no repository,
// the repository is the operator's own. The operator defaults table (configFile, `{config:...}`)
// completes each from the file; `values` sets the repository field the file leaves out, through
// the chart's value that writes the file, and proves it by the re-render; `--explain` gives an
// image object with a tag and no repository a verdict wherever it is, known consumer or not.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; valuesPaths?: string[]; sites: { site: string; builtin?: { operator: string; at: string } }[] }[];
  explain?: { candidates: { raw: string; ref?: string; verdict: string; site?: string; rule?: string; reason?: string; fieldPath: string }[] };
}

async function report(chart: string, args: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const need = (r: Report, ref: string) => r.images.find((e) => e.ref === ref)?.need;

const COLLECTOR = 'ghcr.io/eraser-dev/collector:v1.5.0-beta.0';
const SCANNER = 'ghcr.io/eraser-dev/eraser-trivy-scanner:v1.5.0-beta.0';
const REMOVER = 'ghcr.io/eraser-dev/remover:v1.5.0-beta.0';

const manager = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: manager
spec:
  template:
    spec:
      containers:
      - name: manager
        image: "{{ .Values.deploy.image.repo }}:{{ .Values.deploy.image.tag }}"
        args: ["--config=/config/controller_manager_config.yaml"]
`;
const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: manager-config
data:
  controller_manager_config.yaml: |
    {{- toYaml .Values.runtimeConfig | nindent 4 }}
`;
const values = `deploy:
  image:
    repo: ghcr.io/eraser-dev/eraser-manager
    tag: v1.5.0-beta.0
runtimeConfig:
  apiVersion: eraser.sh/v1alpha3
  kind: EraserConfig
  components:
    collector:
      enabled: true
      image:
        tag: v1.5.0-beta.0
    scanner:
      enabled: false
      image:
        tag: v1.5.0-beta.0
    remover:
      image:
        tag: v1.5.0-beta.0
`;

describe("an operator's config file in a ConfigMap that gives each job image's tag, its repository compiled in", () => {
  const chart = templateChart({ 'manager.yaml': manager, 'configmap.yaml': configMap }, values);

  it("images lists each switched-on job image, the operator's repository at the file's tag, as runtime", async () => {
    const r = await report(chart());
    expect(need(r, COLLECTOR)).toBe('runtime');
    expect(need(r, REMOVER)).toBe('runtime');
    // components.scanner.enabled: false in the file: the operator runs no scanner
    expect(need(r, SCANNER)).toBeUndefined();
    const c = r.images.find((e) => e.ref === COLLECTOR)!;
    expect(c.sites[0]).toMatchObject({ site: 'builtin', builtin: { operator: 'Eraser', at: 'api/v1alpha3/config/config.go:74' } });
    expect(c.valuesPaths).toEqual(['runtimeConfig.components.collector.image.repo']);
  });

  it("the file's tag is what the operator pulls: another tag there is listed at that tag", async () => {
    const r = await report(chart(), ['--set', 'runtimeConfig.components.remover.image.tag=v1.4.1']);
    expect(need(r, 'ghcr.io/eraser-dev/remover:v1.4.1')).toBe('runtime');
    expect(need(r, REMOVER)).toBeUndefined();
  });

  it("a file that leaves the tag out: the operator's build version, its own image's tag", async () => {
    const r = await report(chart(), ['--set', 'deploy.image.tag=v1.4.1', '--set', 'runtimeConfig.components.remover.image.tag=']);
    expect(need(r, 'ghcr.io/eraser-dev/remover:v1.4.1')).toBe('runtime');
    expect(need(r, 'ghcr.io/eraser-dev/collector:v1.5.0-beta.0')).toBe('runtime');
  });

  it('a repository the file names replaces the default: the site table lists what it names', async () => {
    const r = await report(chart(), ['--set', 'runtimeConfig.components.collector.image.repo=registry.example.com/eraser/collector']);
    expect(need(r, COLLECTOR)).toBeUndefined();
    expect(need(r, 'registry.example.com/eraser/collector:v1.5.0-beta.0')).toBe('runtime');
  });

  it("values sets each repository field the file leaves out through the chart's value, proven by the re-render (exit 0)", async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-config-file-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.example:5000/m', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      const text = (await Promise.all((await readdir(out)).map((n) => readFile(join(out, n), 'utf8')))).join('\n');
      expect(text).toMatch(/collector:\n\s+image:\n\s+repo: mirror\.example:5000\/m\/ghcr\.io\/eraser-dev\/collector\n/);
      expect(text).toMatch(/remover:\n\s+image:\n\s+repo: mirror\.example:5000\/m\/ghcr\.io\/eraser-dev\/remover\n/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('--explain: the tag-only objects the table completes are covered by its runtime sites, no doubtful left', async () => {
    const r = await report(chart(), ['--explain']);
    const at = r.explain!.candidates.filter((c) => c.fieldPath.includes('components.collector.image'));
    expect(at.map((c) => [c.verdict, c.site])).toEqual([['runtime', 'builtin']]);
    expect(r.explain!.candidates.filter((c) => c.rule === 'tag-without-repository').map((c) => c.fieldPath)).toEqual([
      // the scanner's, switched off in the file: nothing lists it, so its object is the candidate
      'data["controller_manager_config.yaml"] > components.scanner.image',
    ]);
  });
});

describe('a resource whose image object gives only a tag, completed by its operator (the table knows it)', () => {
  const chart = templateChart({
    'op.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: victoriametrics/operator:v0.74.1\n`,
    'agent.yaml': `apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMAgent\nmetadata:\n  name: a\nspec:\n  image:\n    tag: v1.150.0\n`,
  });
  const unknown = templateChart({ 'w.yaml': `apiVersion: acme.io/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  image:\n    tag: "2.0"\n` });

  it("--explain: the operator's default at the resource stands for its tag-only object", async () => {
    const r = await report(chart(), ['--explain']);
    expect(r.explain!.candidates.filter((c) => c.rule === 'tag-without-repository')).toEqual([]);
    expect(r.explain!.candidates.find((c) => c.ref === 'docker.io/victoriametrics/vmagent:v1.150.0')).toMatchObject({ verdict: 'runtime', site: 'builtin' });
  });

  it('a resource of a kind no entry knows: the object is doubtful, with the reason', async () => {
    const r = await report(unknown(), ['--explain']);
    expect(r.explain!.candidates.find((c) => c.rule === 'tag-without-repository')).toMatchObject({ raw: '2.0', verdict: 'doubtful', fieldPath: 'spec.image' });
  });
});

describe('an image object with a tag and no repository that no table entry knows', () => {
  const chart = templateChart({
    'cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: agent-config
data:
  agent.yaml: |
    sidecar:
      image:
        tag: "2.3.1"
    port: 8080
`,
  });

  it('--explain gives it a verdict, doubtful, saying its consumer supplies the repository', async () => {
    const r = await report(chart(), ['--explain']);
    const c = r.explain!.candidates.find((x) => x.rule === 'tag-without-repository');
    expect(c).toMatchObject({ raw: '2.3.1', verdict: 'doubtful', fieldPath: 'data["agent.yaml"] > sidecar.image' });
    expect(c!.reason).toContain('no repository');
    expect(r.images).toEqual([]);
    const text = await runCli(['images', chart(), '--explain']);
    // the text says why too
    expect(text.stdout).toMatch(
      / {2}2\.3\.1 {2}<- .*ConfigMap\/agent-config data\["agent\.yaml"\] > sidecar\.image \(via yaml\): a tag with no repository beside it/,
    );
  });
});
