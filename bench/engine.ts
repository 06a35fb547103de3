// Template engine throughput: parse every corpus template (the charts in AIRGAP_CORPUS, default
// ../shared/charts) and execute a chart-like template set many times.
// Run: npx tsx bench/engine.ts (whole processes against real Helm: bench/template.ts)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { loadChartArchive } from '../src/helm/loader/load.js';
import { renderChart } from '../src/helm/engine/render-chart.js';
import { TemplateSet } from '../src/template/index.js';

const corpus = resolve(process.env.AIRGAP_CORPUS ?? '../shared/charts');

function templates(tgz: Buffer): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const p = new Parser();
  p.on('entry', (e: ReadEntry) => {
    const chunks: Buffer[] = [];
    e.on('data', (c: Buffer) => chunks.push(c));
    e.on('end', () => {
      if (e.type === 'File' && /\/templates\//.test(e.path)) out.push({ path: e.path, text: Buffer.concat(chunks).toString('utf8') });
    });
  });
  p.end(gunzipSync(tgz));
  return out;
}

function benchParse(): void {
  const files = readdirSync(corpus)
    .filter((f) => f.endsWith('.tgz'))
    .flatMap((f) => templates(readFileSync(join(corpus, f))));
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const rounds = 30;
  const funcNames = new Set<string>();
  for (const f of files) for (const m of f.text.matchAll(/\b([a-zA-Z_][a-zA-Z0-9_]*)\b/g)) funcNames.add(m[1]);
  const funcs = Object.fromEntries([...funcNames].map((n) => [n, () => '']));
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    const set = new TemplateSet({ funcs });
    for (const f of files) set.parse(f.path, f.text);
  }
  const ms = (performance.now() - t0) / rounds;
  console.log(
    `parse:   ${files.length} corpus templates, ${(bytes / 1024).toFixed(0)} KiB: ${ms.toFixed(2)} ms per pass` +
      ` = ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s, ${(files.length / (ms / 1000)).toFixed(0)} templates/s`,
  );
}

const HELPERS = `{{- define "app.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end }}
{{- define "app.labels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- range $k, $v := .Values.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- define "app.image" -}}{{ printf "%s/%s:%s" .registry .repository (.tag | toString) }}{{- end }}`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.name" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
      {{- range $name, $c := .Values.containers }}
        - name: {{ $name }}
          image: {{ include "app.image" $c.image | quote }}
          {{- with $c.args }}
          args:
            {{- range . }}
            - {{ . | quote }}
            {{- end }}
          {{- end }}
          env:
          {{- range $c.env }}
            - name: {{ .name }}
              value: {{ .value | quote }}
          {{- end }}
          {{- if and $.Values.probes.enabled (not $c.noProbe) }}
          livenessProbe: {httpGet: {path: /healthz, port: {{ $c.port | default 8080 }}}}
          {{- end }}
      {{- end }}
`;

function benchExecute(): void {
  const set = new TemplateSet({
    missingKey: 'zero',
    funcs: {
      default: (d: unknown, v: unknown) => (v ? v : d),
      trunc: (n: bigint, s: string) => s.slice(0, Number(n)),
      trimSuffix: (suf: string, s: string) => (s.endsWith(suf) ? s.slice(0, -suf.length) : s),
      quote: (...a: unknown[]) => a.map((x) => JSON.stringify(String(x ?? ''))).join(' '),
      nindent: (n: bigint, s: string) =>
        '\n' +
        s
          .split('\n')
          .map((l) => ' '.repeat(Number(n)) + l)
          .join('\n'),
      toString: (v: unknown) => String(v),
    },
    contextFuncs: { include: (ctx, name: string, data: unknown) => ctx.execute(name, data) },
  });
  set.parse('_helpers.tpl', HELPERS).parse('deployment.yaml', DEPLOYMENT);
  const containers: Record<string, unknown> = {};
  for (let i = 0; i < 5; i++) {
    containers[`c${i}`] = {
      image: { registry: 'quay.io', repository: `org/img${i}`, tag: 'v1.2.3' },
      args: ['--a=1', '--b=2', '--c=3'],
      env: Array.from({ length: 8 }, (_, k) => ({ name: `E${k}`, value: `v${k}` })),
      port: 8080,
    };
  }
  const data = {
    Values: { replicas: 3, labels: { team: 'x', tier: 'y' }, containers, probes: { enabled: true } },
    Chart: { Name: 'app' },
    Release: { Name: 'rel' },
  };
  const out = set.execute('deployment.yaml', data);
  const rounds = 5000;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) set.execute('deployment.yaml', data);
  const ms = performance.now() - t0;
  console.log(
    `execute: chart-like deployment (${out.length} bytes out, 5 containers, includes): ${((ms / rounds) * 1000).toFixed(1)} µs per render` +
      ` = ${(rounds / (ms / 1000)).toFixed(0)} renders/s, ${((out.length * rounds) / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s output`,
  );
}

/** The whole corpus through the chart model (parse + execute + Helm's objects), cold then warm. */
async function benchCorpusRender(): Promise<void> {
  const charts = await Promise.all(
    readdirSync(corpus)
      .filter((f) => f.endsWith('.tgz'))
      .map((f) => loadChartArchive(readFileSync(join(corpus, f)), f)),
  );
  const pass = (): number => {
    const t0 = performance.now();
    for (const c of charts) renderChart(c);
    return performance.now() - t0;
  };
  const cold = pass();
  const rounds = 10;
  let warm = 0;
  for (let r = 0; r < rounds; r++) warm += pass();
  console.log(
    `render:  ${charts.length} corpus charts (parse + execute, sprig, Helm objects): first pass ${cold.toFixed(0)} ms,` +
      ` then ${(warm / rounds).toFixed(1)} ms per pass`,
  );
}

benchParse();
benchExecute();
await benchCorpusRender();
