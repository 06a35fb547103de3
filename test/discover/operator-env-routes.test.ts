// Built-in defaults whose override env var the chart renders from no value of its own, while the
// operator's container takes free-form env vars from the chart's values: a mapping of names
// (CrateDB's `env: {NAME: value}`) or a list of {name, value} entries (Restate's `env: []`). That
// mapping or list is the default's values route; `values` writes the variable there and proves it
// by the re-render. A default a resource's field turns on is optional: values moves it only when
// asked (--include-optional).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; sites: { valuesPaths?: string[] }[] }[];
}

async function report(chart: string): Promise<Report> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

async function values(chart: string, args: string[] = []): Promise<{ exitCode: number; stderr: string; said: string; text: string }> {
  const out = await mkdtemp(join(tmpdir(), 'airgap-env-routes-'));
  try {
    const r = await runCli(['values', chart, '--registry', 'mirror.example:5000/m', '--out-dir', out, ...args]);
    // a run that exits non-zero keeps its files as NAME.yaml.rejected
    const names = await readdir(out).catch(() => [] as string[]);
    const files = await Promise.all(names.filter((n) => /\.yaml(\.rejected)?$/.test(n)).map((n) => readFile(join(out, n), 'utf8')));
    return { exitCode: r.exitCode, stderr: r.stderr, said: r.stdout + r.stderr, text: files.join('\n') };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const paths = (r: Report, ref: string) => r.images.find((e) => e.ref === ref)?.sites[0]?.valuesPaths;

const deployment = (image: string, env: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: ${image}\n        env:\n${env}`;

// a second mapping of names rendered into a ConfigMap: a candidate, but not the operator's container's
const decoy = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  {{- range $k, $v := .Values.jobEnv }}\n  {{ $k }}: {{ $v | quote }}\n  {{- end }}\n`;

describe("a mapping of env vars the operator's container takes from values (CrateDB's env)", () => {
  const SQL_EXPORTER = 'docker.io/burningalchemist/sql_exporter:0.24.3';
  const op = deployment(
    '{{ .Values.image }}',
    `        {{- range $k, $v := .Values.env }}\n        - name: {{ $k }}\n          value: {{ $v | quote }}\n        {{- end }}\n`,
  );
  const chart = templateChart(
    { 'op.yaml': op, 'cm.yaml': decoy },
    'image: crate/crate-operator:2.63.0\nenv:\n  CRATEDB_OPERATOR_LOG_LEVEL: INFO\njobEnv: {}\n',
  );

  it("images lists the default with the mapping's key as its route", async () => {
    expect(paths(await report(chart()), SQL_EXPORTER)).toEqual(['env.CRATEDB_OPERATOR_SQL_EXPORTER_IMAGE']);
  });

  it('values writes the variable into the mapping, proven by the re-render; busybox, which no setting moves, is named', async () => {
    const v = await values(chart());
    expect(v.text).toContain(`env:\n  CRATEDB_OPERATOR_SQL_EXPORTER_IMAGE: mirror.example:5000/m/${SQL_EXPORTER}\n`);
    expect(v.text).not.toContain('jobEnv');
    expect(v.said).toContain(`moved: ${SQL_EXPORTER}`);
    expect(v.said).toContain('NOT moved: docker.io/library/busybox:1.35.0');
    expect(v.exitCode).toBe(3);
  });
});

describe("a list of env entries the operator's container takes from values (Restate's env)", () => {
  const TUNNEL = 'ghcr.io/restatedev/restate-cloud-tunnel-client:0.6.0';
  const op = deployment(
    '{{ .Values.image }}',
    `        - name: RUST_LOG\n          value: info\n        {{- with .Values.env }}\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`,
  );
  const chart = templateChart(
    { 'op.yaml': op, 'cm.yaml': decoy },
    'image: ghcr.io/restatedev/restate-operator:2.9.0\nenv:\n- name: CLUSTER_DNS\n  value: cluster.local\njobEnv: {}\n',
  );

  it("images lists the default with the list's next entry as its route", async () => {
    expect(paths(await report(chart()), TUNNEL)).toEqual(['env[1].value']);
  });

  it("values appends the entry, keeping the chart's own, proven by the re-render (exit 0); the optional canary is left unless asked", async () => {
    const v = await values(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.text).toContain(
      `env:\n  - name: CLUSTER_DNS\n    value: cluster.local\n  - name: OPERATOR_TUNNEL_CLIENT_DEFAULT_IMAGE\n    value: mirror.example:5000/m/${TUNNEL}\n`,
    );
    expect(v.said).not.toContain('alpine');
    const all = await values(chart(), ['--include-optional']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.text).toContain('- name: CANARY_IMAGE\n    value: mirror.example:5000/m/docker.io/library/alpine:3.21');
  });
});

describe("a repository setting in the same list (VictoriaMetrics' VM_*_IMAGE, tagged by the operator): left to postrender", () => {
  const op = deployment(
    '{{ .Values.image }}',
    `        - name: WATCH_NAMESPACE\n          value: ""\n        {{- with .Values.env }}\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`,
  );
  const chart = templateChart({ 'op.yaml': op }, 'image: victoriametrics/operator:v0.74.1\nenv: []\n');

  it('the whole-reference config reloader takes the next entry; the repository settings take none', async () => {
    const r = await report(chart());
    expect(paths(r, 'docker.io/victoriametrics/operator:config-reloader-v0.74.1')).toEqual(['env[0].value']);
    expect(r.images.find((e) => e.ref.startsWith('docker.io/victoriametrics/vmagent:'))?.sites[0]?.valuesPaths ?? []).toEqual([]);
  });
});
