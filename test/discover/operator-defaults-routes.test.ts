// Built-in defaults (src/discover/operators/index.ts) whose only override is a place the chart
// does not write: a field of a resource the user applies after the chart (a load-test operator's
// jobs), or a flag the chart renders only when its value is set (an application's built-in image
// for the pods a user opens from it). `images` lists them as runtime; `values` names the field to
// set, or sets the chart's value that writes the flag and proves it in the re-render.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; sites: { site: string; builtin?: { operator: string; version?: string; at: string } }[] }[];
  warnings: { operator: string; message: string }[];
}

async function report(chart: string, args: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const need = (r: Report, ref: string) => r.images.find((e) => e.ref === ref)?.need;

async function values(chart: string, args: string[] = []): Promise<{ exitCode: number; stderr: string; files: string[] }> {
  const out = await mkdtemp(join(tmpdir(), 'airgap-routes-'));
  try {
    const r = await runCli(['values', chart, '--registry', 'mirror.example:5000/m', '--out-dir', out, ...args]);
    // a run that exits non-zero keeps its files as NAME.yaml.rejected
    const names = await readdir(out).catch(() => [] as string[]);
    const files = await Promise.all(names.filter((n) => /\.yaml(\.rejected)?$/.test(n)).map((n) => readFile(join(out, n), 'utf8')));
    return { exitCode: r.exitCode, stderr: r.stderr, files };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const operatorDeployment = (image: string, args = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: ${image}\n${args}`;

describe("an operator whose jobs' images only the user's resource can name (k6 Operator's TestRun)", () => {
  const K6 = 'docker.io/grafana/k6:latest';
  const STARTER = 'ghcr.io/grafana/k6-operator:latest-starter';
  const op = operatorDeployment('ghcr.io/grafana/k6-operator:controller-v1.6.0');
  const testRun = (spec: string) => `apiVersion: k6.io/v1alpha1\nkind: TestRun\nmetadata:\n  name: t\nspec:\n  parallelism: 1\n${spec}`;
  const alone = templateChart({ 'op.yaml': op });
  const named = templateChart({
    'op.yaml': op,
    'run.yaml': testRun(
      '  runner:\n    image: registry.example.com/k6:1.0.0\n  initializer:\n    image: registry.example.com/k6:1.0.0\n  starter:\n    image: registry.example.com/starter:1\n',
    ),
  });

  it('images lists the k6 runner and the starter as runtime, read at the controller tag controller-vX.Y.Z', async () => {
    const r = await report(alone());
    expect(need(r, K6)).toBe('runtime');
    expect(need(r, STARTER)).toBe('runtime');
    const k6 = r.images.find((e) => e.ref === K6)!;
    expect(k6.sites[0]).toMatchObject({ site: 'builtin', builtin: { operator: 'k6 Operator', version: 'v1.6.0', at: 'pkg/resources/jobs/runner.go:85' } });
    // the starter shares the operator's repository: its tag is no version of the operator
    expect(r.warnings).toEqual([]);
  });

  it('a TestRun of the render naming its images: the defaults are not pulled', async () => {
    const r = await report(named());
    expect(need(r, K6)).toBeUndefined();
    expect(need(r, STARTER)).toBeUndefined();
    expect(need(r, 'registry.example.com/k6:1.0.0')).toBe('runtime');
  });

  it('values refuses to call them moved and names each TestRun field that does', async () => {
    const v = await values(alone());
    expect(v.exitCode, v.stderr).toBe(3);
    expect(v.stderr).toContain('set field spec.runner.image of the resource to mirror.example:5000/m/docker.io/grafana/k6:latest');
    expect(v.stderr).toContain('set field spec.initializer.image of the resource to mirror.example:5000/m/docker.io/grafana/k6:latest');
    expect(v.stderr).toContain('set field spec.starter.image of the resource to mirror.example:5000/m/ghcr.io/grafana/k6-operator:latest-starter');
    // a TestRun is what a user applies after the chart: no release holds it
    expect(v.stderr).toContain('each TestRun applied after install must set spec.starter.image itself');
  });
});

describe('an application whose built-in image a flag replaces, the flag rendered only when its value is set (Headlamp)', () => {
  const BUSYBOX = 'docker.io/library/busybox:latest';
  const app = operatorDeployment(
    '{{ .Values.image }}',
    `        args:\n        - "-in-cluster"\n        {{- with .Values.config.podDebugImage }}\n        - "-pod-debug-image={{ . }}"\n        {{- end }}\n        {{- with .Values.config.nodeShellImage }}\n        - "-node-shell-image={{ . }}"\n        {{- end }}\n`,
  );
  const chart = templateChart({ 'app.yaml': app }, 'image: ghcr.io/headlamp-k8s/headlamp:v0.45.0\nconfig:\n  podDebugImage: ""\n  nodeShellImage: ""\n');

  it('images lists the built-in image as runtime while the flags are absent', async () => {
    const r = await report(chart());
    expect(need(r, BUSYBOX)).toBe('runtime');
    expect(r.images.find((e) => e.ref === BUSYBOX)!.sites[0]).toMatchObject({ site: 'builtin', builtin: { operator: 'Headlamp', version: 'v0.45.0' } });
  });

  it('set, the flags name what is pulled instead', async () => {
    const r = await report(chart(), [
      '--set',
      'config.podDebugImage=registry.example.com/debug:1',
      '--set',
      'config.nodeShellImage=registry.example.com/shell:1',
    ]);
    expect(need(r, BUSYBOX)).toBeUndefined();
    expect(need(r, 'registry.example.com/debug:1')).toBe('runtime');
  });

  it("values sets the chart's values that write the flags, proven by the re-render (exit 0)", async () => {
    const v = await values(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    const text = v.files.join('\n');
    expect(text).toContain('podDebugImage: mirror.example:5000/m/docker.io/library/busybox:latest');
    expect(text).toContain('nodeShellImage: mirror.example:5000/m/docker.io/library/busybox:latest');
  });
});

describe("an operator whose default a flag replaces, the flag only addable to the chart's free-form args list (Perses Operator)", () => {
  const PERSES = 'docker.io/persesdev/perses:v0.54.0';
  const TARGET = 'mirror.example:5000/m/docker.io/persesdev/perses:v0.54.0';
  const op = operatorDeployment(
    '{{ .Values.image }}',
    `        args:\n        - --health-probe-bind-address=:8081\n        {{- range .Values.manager.args }}\n        - {{ . }}\n        {{- end }}\n        {{- with .Values.extraArgs }}\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`,
  );
  // a second list of flags (rendered elsewhere) and one of other strings: neither is the operator's
  const other = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  hosts: {{ join "," .Values.hosts | quote }}\n`;
  const chart = templateChart(
    { 'op.yaml': op, 'cm.yaml': other },
    'image: docker.io/persesdev/perses-operator:v0.5.0\nmanager:\n  args:\n  - --leader-elect\nextraArgs: []\nhosts:\n- a.example\n',
  );

  it('images lists the default as runtime, its route the next entry of the list the container reads', async () => {
    const r = await report(chart());
    expect(need(r, PERSES)).toBe('runtime');
    const site = r.images.find((e) => e.ref === PERSES)!.sites[0] as { valuesPaths?: string[] };
    expect(site.valuesPaths).toEqual(['manager.args[1]']);
  });

  it("values appends the flag to the list, keeping the chart's own entries, proven by the re-render (exit 0)", async () => {
    const v = await values(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    const text = v.files.join('\n');
    expect(text).toMatch(new RegExp(`args:\\n\\s+- --leader-elect\\n\\s+- --perses-default-base-image=${TARGET.replace(/[.]/g, '\\.')}\\n`));
    expect(text).not.toContain('extraArgs');
  });

  it('the flag already in the list (the user set it) is that entry, replaced', async () => {
    const r = await report(chart(), ['--set', 'manager.args={--leader-elect,--perses-default-base-image=registry.example.com/perses:1}']);
    expect(need(r, PERSES)).toBeUndefined();
    expect(need(r, 'registry.example.com/perses:1')).toBe('runtime');
  });
});

describe('two defaults whose flags no value writes, one free-form args list (Headlamp without its config values)', () => {
  const BUSYBOX = 'mirror.example:5000/m/docker.io/library/busybox:latest';
  const app = operatorDeployment(
    '{{ .Values.image }}',
    `        args:\n        - "-in-cluster"\n        {{- with .Values.extraArgs }}\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`,
  );
  const chart = templateChart({ 'app.yaml': app }, 'image: ghcr.io/headlamp-k8s/headlamp:v0.45.0\nextraArgs: []\n');

  it('values appends one entry per flag, proven by the re-render (exit 0)', async () => {
    const v = await values(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    const text = v.files.join('\n');
    expect(text).toContain(`- -pod-debug-image=${BUSYBOX}`);
    expect(text).toContain(`- -node-shell-image=${BUSYBOX}`);
  });
});

describe('an operator whose defaults a prefix setting moves, the setting rendered only once values joined into it are set (MySQL Operator)', () => {
  const SERVER = 'container-registry.oracle.com/mysql/community-server:9.1.0';
  // MYSQL_OPERATOR_DEFAULT_REPOSITORY is REGISTRY[/REPOSITORY], joined from two values left empty
  const op = operatorDeployment(
    '{{ .Values.image.registry }}/{{ .Values.image.repository }}/community-operator:9.1.0-2.2.2',
    `        env:\n        {{- if .Values.envs.imagesDefaultRegistry }}\n        - name: MYSQL_OPERATOR_DEFAULT_REPOSITORY\n          value: {{ trimSuffix "/" .Values.envs.imagesDefaultRegistry }}{{ if .Values.envs.imagesDefaultRepository }}/{{ .Values.envs.imagesDefaultRepository }}{{ end }}\n        {{- else if .Values.envs.imagesDefaultRepository }}\n        - name: MYSQL_OPERATOR_DEFAULT_REPOSITORY\n          value: {{ .Values.envs.imagesDefaultRepository }}\n        {{- end }}\n`,
  );
  const chart = templateChart(
    { 'op.yaml': op },
    'image:\n  registry: container-registry.oracle.com\n  repository: mysql\nenvs:\n  imagesDefaultRegistry:\n  imagesDefaultRepository:\n',
  );

  it('set by the user, the prefix composes the defaults where the operator pulls them', async () => {
    const r = await report(chart(), ['--set', 'envs.imagesDefaultRegistry=registry.example.com/db', '--set', 'envs.imagesDefaultRepository=mysql']);
    expect(need(r, 'registry.example.com/db/mysql/community-server:9.1.0')).toBe('runtime');
    expect(need(r, SERVER)).toBeUndefined();
  });

  it("values sets the first value the prefix is joined from to the target's prefix, proven by the re-render (exit 0)", async () => {
    const v = await values(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.files.join('\n')).toContain('imagesDefaultRegistry: mirror.example:5000/m/container-registry.oracle.com/mysql\n');
  });
});

describe("an operator whose defaults a field of its config file replaces, the chart's mapping for it absent by default (Function Mesh's runnerImages)", () => {
  const RUNNER = (lang: string) => `docker.io/streamnative/pulsar-functions-${lang}-runner:2.10.0.0-rc10`;
  const op = operatorDeployment('{{ .Values.operatorImage }}', `        args:\n        - --config-file=/etc/config/config.yaml\n`);
  const config = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-mesh-controller-manager-configs\ndata:\n  config.yaml: |\n    {{- if .Values.controllerManager.runnerImages }}\n    runnerImages:\n{{ toYaml .Values.controllerManager.runnerImages | indent 6 }}\n    {{- end }}\n`;
  // the chart's values.yaml has the mapping only in a comment
  const chart = templateChart(
    { 'op.yaml': op, 'config.yaml': config },
    'operatorImage: streamnative/function-mesh:v0.27.2\ncontrollerManager:\n  configFile: /etc/config/config.yaml\n',
  );

  it('set in the file, the field names what is pulled instead of that default', async () => {
    const r = await report(chart(), ['--set', 'controllerManager.runnerImages.go=registry.example.com/go-runner:1']);
    expect(need(r, 'registry.example.com/go-runner:1')).toBe('runtime');
    expect(need(r, RUNNER('go'))).toBeUndefined();
    expect(need(r, RUNNER('java'))).toBe('runtime');
  });

  it("values writes each runner's value, proven by the re-render's file; the defaults no setting moves stay hard-coded", async () => {
    const v = await values(chart(), ['--allow-hardcoded']);
    expect(v.exitCode, v.stderr).toBe(0);
    const text = v.files.join('\n');
    for (const lang of ['java', 'python', 'go']) expect(text).toContain(`    ${lang}: mirror.example:5000/m/${RUNNER(lang)}\n`);
    expect(text).toContain('docker.io/streamnative/pulsarctl:2.10.2.3: hard-coded');
  });
});

describe("defaults of one kind each, the operator reconciling several (kaasops' Vector operator: a Vector's agent, an aggregator's)", () => {
  const op = templateChart({ 'op.yaml': operatorDeployment('docker.io/kaasops/vector-operator:v0.5.0') });

  it('values names each field with the kind whose resources read it, not every kind the operator reconciles', async () => {
    const v = await values(op());
    expect(v.exitCode, v.stderr).toBe(3);
    expect(v.stderr).toContain('each Vector applied after install must set spec.agent.image itself');
    expect(v.stderr).toContain('each VectorAggregator applied after install must set spec.image itself');
    expect(v.stderr).not.toContain('each Vector or VectorAggregator');
  });
});
