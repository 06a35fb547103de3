import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runCli } from './run-cli.js';

const CHARTS = fileURLToPath(new URL('../../fixtures/discover/charts/', import.meta.url));
const CACHE = mkdtempSync(join(tmpdir(), 'images-cli-'));
const env = { ...process.env, HELM_AIRGAP_CACHE: CACHE };

interface Entry {
  ref: string;
  need: string;
  toggles: string[];
  valuesPaths: string[];
  sites: { site: string; source: { fieldPath: string }; toggleAsksMore?: boolean; toggleAsks?: string }[];
}
interface Report {
  images: Entry[];
  optional: Entry[];
  doubtful: Entry[];
}

async function images(...args: string[]): Promise<Report> {
  const r = await runCli(['images', ...args, '-o', 'json'], env);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
const refs = (es: Entry[]) => es.map((e) => `${e.need} ${e.ref}`).sort();
const byRef = (es: Entry[], ref: string) => es.find((e) => e.ref === ref)!;

describe('helm airgap images on fixture charts', () => {
  it('operator env maps, RELATED_IMAGE_ and --flag image args are runtime images (strimzish)', async () => {
    const r = await images(join(CHARTS, 'strimzish'));
    expect(refs(r.images)).toEqual([
      'default quay.io/strimzi/operator:0.41.0',
      'runtime quay.io/strimzi/kafka-bridge:0.28.0',
      'runtime quay.io/strimzi/kafka:0.41.0-kafka-3.6.0',
      'runtime quay.io/strimzi/kafka:0.41.0-kafka-3.7.0',
      'runtime quay.io/strimzi/kaniko-executor:0.41.0',
      'runtime registry.redhat.io/rhel8/postgresql-13@sha256:' + 'a'.repeat(64),
    ]);
    expect(byRef(r.images, 'quay.io/strimzi/kafka:0.41.0-kafka-3.7.0').valuesPaths).toEqual([
      'defaultImageRegistry',
      'defaultImageRepository',
      'kafka.image.name',
      'kafka.image.tagPrefix',
    ]);
  });

  it('global.imageRegistry, subchart prefixes, tag from appVersion (bitnamish)', async () => {
    const r = await images(join(CHARTS, 'bitnamish'), '--optional');
    expect(refs(r.images)).toEqual(['default docker.io/bitnami/app:2.4.1-debian-12-r0', 'default docker.io/bitnami/redis:7.2.5']);
    expect(byRef(r.images, 'docker.io/bitnami/redis:7.2.5').valuesPaths).toEqual(['global.imageRegistry', 'redis.image.registry', 'redis.image.repository']);
    expect(r.optional.map((e) => `${e.ref} ${e.toggles.join(',')}`).sort()).toEqual([
      'docker.io/bitnami/app-exporter:0.9.0-debian-12-r3 metrics.enabled=true',
      // found with the chart's required/fail checks passed, and named with the value its `required` asks for
      'docker.io/bitnami/git:2.51.0-debian-12-r0 cloneFromGit.enabled=true,cloneFromGit.repository=example',
      `docker.io/bitnami/os-shell@sha256:5e1e7a4cbbd1a5e1e0ebfd2e8c1d8c0f1e2d3c4b5a69788796a5b4c3d2e1f0a9 volumePermissions.enabled=true`,
      'docker.io/bitnami/redis-sentinel:7.2.5-debian-12-r1 redis.sentinel.enabled=true',
    ]);
    // which renders: nothing more to ask (refused-beside.ts; an image value it asks for would be said in the chart's words)
    const git = byRef(r.optional, 'docker.io/bitnami/git:2.51.0-debian-12-r0');
    expect(git.sites.map((s) => s.toggleAsksMore)).toEqual([undefined]);
    expect(
      byRef(r.optional, 'docker.io/bitnami/os-shell@sha256:5e1e7a4cbbd1a5e1e0ebfd2e8c1d8c0f1e2d3c4b5a69788796a5b4c3d2e1f0a9').sites[0].toggleAsksMore,
    ).toBeUndefined();
  });

  it('the text names a setting the chart refuses alone with the value its check requires', async () => {
    const r = await runCli(['images', join(CHARTS, 'bitnamish'), '--optional']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('docker.io/bitnami/git:2.51.0-debian-12-r0  (when cloneFromGit.enabled=true,cloneFromGit.repository=example; values:');
  });

  it('a disabled subchart: its images are optional, named by its condition (and nested toggles together)', async () => {
    const r = await images(join(CHARTS, 'bitnamish'), '--optional', '--set', 'redis.enabled=false');
    expect(r.images.map((e) => e.ref)).toEqual(['docker.io/bitnami/app:2.4.1-debian-12-r0']);
    const opt = Object.fromEntries(r.optional.map((e) => [e.ref, `${e.toggles.join(' ')} ${e.valuesPaths.join(',')}`]));
    // the empty global.imageRegistry reaches optional images as it reaches the default ones
    expect(opt['docker.io/bitnami/redis:7.2.5']).toBe('redis.enabled=true global.imageRegistry,redis.image.registry,redis.image.repository');
    expect(opt['docker.io/bitnami/redis-sentinel:7.2.5-debian-12-r1']).toBe(
      'redis.enabled=true,redis.sentinel.enabled=true global.imageRegistry,redis.sentinel.image.repository,redis.sentinel.image.tag',
    );
  });

  it('an image two switches bring together, beside a switch that breaks every render (pairish)', async () => {
    const r = await images(join(CHARTS, 'pairish'), '--optional');
    expect(r.optional.map((e) => `${e.ref} ${e.toggles.join(' ')}`)).toEqual([
      'docker.io/bitnami/kubectl:1.33.4 external.enabled=true,external.discovery.enabled=true',
      'docker.io/bitnami/os-shell:12 permissions.enabled=true',
    ]);
    // where the pair alone puts it, not where it sat with every toggle on
    expect(byRef(r.optional, 'docker.io/bitnami/kubectl:1.33.4').sites.map((s) => s.source.fieldPath)).toEqual(['spec.template.spec.initContainers[0].image']);
    const out = mkdtempSync(join(tmpdir(), 'pairish-'));
    const v = await runCli(['values', join(CHARTS, 'pairish'), '--include-optional', '--registry', 'mirror.local:5000/m', '--allow-hardcoded', '-o', out], env);
    expect(v.exitCode, v.stderr).toBe(0);
  });

  it("optional images behind a subchart's subchart, a ternary variant tag and an operator resource's flag (nestish)", async () => {
    const r = await images(join(CHARTS, 'nestish'), '--optional');
    expect(refs(r.images)).toEqual(['default ghcr.io/acme/operator:v1.0.0', 'default ghcr.io/acme/worker:2.0.0', 'default quay.io/acme/platform:1.4.0']);
    expect(r.optional.map((e) => `${e.ref} ${e.toggles.join(' ')}`).sort()).toEqual([
      'docker.io/acme/cache:7.2.0 platform.features.installCache=true',
      'ghcr.io/acme/exporter:v3.1.0 policy.monitoring.enabled=true',
      'ghcr.io/acme/worker:2.0.0-gpu gpu.enabled=true',
    ]);
    const off = await images(join(CHARTS, 'nestish'), '--optional', '--set', 'platform.enabled=false');
    expect(byRef(off.optional, 'docker.io/acme/cache:7.2.0').toggles).toEqual(['platform.enabled=true,platform.features.installCache=true']);
    const on = await images(join(CHARTS, 'nestish'), '--set', 'policy.monitoring.enabled=true');
    expect(byRef(on.images, 'ghcr.io/acme/exporter:v3.1.0').need).toBe('runtime');
  });

  it('custom resources, ConfigMap data, test hooks; CRD schemas and NOTES are not images (promish)', async () => {
    const r = await images(join(CHARTS, 'promish'), '--optional');
    expect(refs(r.images)).toEqual([
      'default docker.io/library/busybox:latest',
      'default quay.io/prometheus-operator/prometheus-operator:v0.75.0',
      'runtime quay.io/example/agent:v1.2.3',
      'runtime quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0',
      'runtime quay.io/prometheus/prometheus:v2.53.0',
      'runtime quay.io/thanos/thanos:v0.35.0@sha256:' + '1'.repeat(64),
    ]);
    expect(r.optional.map((e) => `${e.ref} ${e.toggles.join(',')} ${e.sites[0].site}`).sort()).toEqual([
      'quay.io/prometheus/alertmanager:v0.27.0 alertmanager.enabled=true custom-resource',
      'quay.io/prometheus/pushgateway:v1.9.0  annotation',
    ]);
    expect(r.doubtful).toEqual([]);
  });

  it('ConfigMap data an operator never loads (a .example sample, a README) names no image; the loaded file beside it does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sampleish-'));
    const sample = JSON.stringify({ spec: { containers: [{ name: 'ch', image: 'docker.io/clickhouse/clickhouse-server:22.3' }] } });
    const loaded = JSON.stringify({ spec: { containers: [{ name: 'ch', image: 'docker.io/clickhouse/clickhouse-server:25.12' }] } });
    for (const [f, text] of Object.entries({
      'Chart.yaml': 'apiVersion: v2\nname: sampleish\nversion: 0.1.0\n',
      'templates/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: templates\ndata:\n  001-templates.json.example: '${sample}'\n  README.md: 'image: docker.io/library/old:1.0'\n  002-templates.json: '${loaded}'\n`,
    })) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    const r = await images(dir, '--optional');
    expect(refs([...r.images, ...r.optional, ...r.doubtful])).toEqual(['runtime docker.io/clickhouse/clickhouse-server:25.12']);
  });

  it('an operator setting naming a repository without a tag is doubtful, never a silent :latest among the images (issue 30 class 5)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'untaggedish-'));
    const deploy = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: op}',
      'spec:',
      '  selector: {matchLabels: {app: op}}',
      '  template:',
      '    metadata: {labels: {app: op}}',
      '    spec:',
      '      containers:',
      '        - name: op',
      '          image: quay.io/acme/operator:2.0.0',
      '          env:',
      '            - {name: RELATED_IMAGE_AGENT, value: quay.io/acme/agent}',
      '            - {name: RELATED_IMAGE_BAR, value: quay.io/acme/bar:1.0}',
      '',
    ].join('\n');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: untaggedish\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'templates/op.yaml'), deploy);
    const r = await images(dir);
    expect(refs(r.images)).toEqual(['default quay.io/acme/operator:2.0.0', 'runtime quay.io/acme/bar:1.0']);
    expect(r.doubtful.map((e) => e.ref)).toEqual([expect.stringMatching(/^quay\.io\/acme\/agent/)]);
  });

  it("images of components the operator's own config switches off are optional, brought by that flag (issue 30 class 4)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offish-'));
    const docs = [
      'apiVersion: example.io/v1',
      'kind: Cluster',
      'metadata: {name: c}',
      'spec:',
      '  image: quay.io/acme/db:1.0',
      '  monitoring:',
      '    enabled: false',
      '    exporter:',
      '      image: quay.io/acme/exporter:1.0',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: op-config}',
      'data:',
      '  config.yaml: |',
      '    agent:',
      '      enabled: true',
      '      image: quay.io/acme/agent:3.0',
      '    tracing:',
      '      enabled: false',
      '      collector:',
      '        image: quay.io/acme/collector:2.0',
      '',
    ].join('\n');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: offish\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'templates/all.yaml'), docs);
    const r = await runCli(['images', dir, '--optional', '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(refs(report.images)).toEqual(['runtime quay.io/acme/agent:3.0', 'runtime quay.io/acme/db:1.0']);
    expect(report.optional.map((e) => [e.ref, e.toggles])).toEqual([
      ['quay.io/acme/collector:2.0', ['ConfigMap/op-config data["config.yaml"].tracing.enabled=true']],
      ['quay.io/acme/exporter:1.0', ['Cluster/c spec.monitoring.enabled=true']],
    ]);
  });

  it('optional images behind a word a helper reads, and behind a switch the chart refuses alone, name their settings (modeish, issue 30 class 6)', async () => {
    const r = await images(join(CHARTS, 'modeish'), '--optional');
    expect(refs(r.images)).toEqual(['default quay.io/acme/server:1.0']);
    expect(r.optional.map((e) => [e.ref, e.toggles, e.sites.some((s) => s.toggleAsksMore === true)])).toEqual([
      ['quay.io/acme/agent:1.0', ['mode=agent'], false],
      // the check's words name both values it asks: each is set in turn (the second once the first
      // is in the setting), so the setting is whole and asks nothing more
      ['quay.io/acme/updater:1.0', ['updater.enabled=true,updater.account=example,updater.key=example'], false],
    ]);
  });

  it('a disabled subchart aliased under an enabled subchart: its optional image has its own values paths, not the global registry alone (k8s-monitoring)', async () => {
    const top = mkdtempSync(join(tmpdir(), 'aliasish-'));
    const mid = join(top, 'charts', 'mid');
    const exp = join(mid, 'charts', 'exporter');
    for (const d of [top, mid, exp]) mkdirSync(join(d, 'templates'), { recursive: true });
    writeFileSync(join(top, 'Chart.yaml'), 'apiVersion: v2\nname: aliasish\nversion: 0.1.0\ndependencies:\n  - {name: mid, version: 0.1.0}\n');
    writeFileSync(join(top, 'values.yaml'), 'global:\n  imageRegistry: ""\n');
    const midDeps = 'dependencies:\n  - {name: exporter, alias: exp, version: 0.1.0, condition: exp.deploy}\n';
    writeFileSync(join(mid, 'Chart.yaml'), `apiVersion: v2\nname: mid\nversion: 0.1.0\n${midDeps}`);
    writeFileSync(join(mid, 'values.yaml'), 'exp:\n  deploy: false\n');
    writeFileSync(join(exp, 'Chart.yaml'), 'apiVersion: v2\nname: exporter\nversion: 0.1.0\nappVersion: 0.31.8\n');
    writeFileSync(join(exp, 'values.yaml'), 'image:\n  registry: ghcr.io\n  repository: acme/exporter\n  tag: ""\n');
    const image =
      '{{ .Values.global.imageRegistry | default .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}';
    writeFileSync(
      join(exp, 'templates', 'ds.yaml'),
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: exp}\nspec:\n  template:\n    spec:\n      containers:\n        - name: e\n          image: ${image}\n`,
    );
    const r = await images(top, '--optional');
    expect(r.optional.map((e) => [e.ref, e.toggles, e.valuesPaths])).toEqual([
      ['ghcr.io/acme/exporter:0.31.8', ['mid.exp.deploy=true'], ['global.imageRegistry', 'mid.exp.image.registry', 'mid.exp.image.repository']],
    ]);
  });

  it('hard-coded images are flagged and counted in -o json and named in the text, for a pipeline to choose postrender (issue 30 class 7)', async () => {
    const chart = fileURLToPath(new URL('../../fixtures/values/hardcoded', import.meta.url));
    const r = (await images(chart)) as Report & { hardcoded: string[] };
    expect(r.hardcoded).toEqual(['docker.io/library/busybox:1.36']);
    expect((byRef(r.images, 'docker.io/library/busybox:1.36') as Entry & { hardcoded?: boolean }).hardcoded).toBe(true);
    expect((byRef(r.images, 'quay.io/acme/server:3.0') as Entry & { hardcoded?: boolean }).hardcoded).toBeUndefined();
    const text = await runCli(['images', chart], env);
    expect(text.stdout).toContain('docker.io/library/busybox:1.36  (hard-coded: values cannot move it, postrender or kustomize can)');
    expect(text.stdout).toContain('hard-coded: 1 image(s) no value controls');
  });

  it("digest pins: tag and digest both kept; the digest path follows the chart's choice (ingressish)", async () => {
    const plain = await images(join(CHARTS, 'ingressish'));
    const c = plain.images.find((e) => e.ref.startsWith('registry.k8s.io/ingress-nginx/controller:'))!;
    expect(c.ref).toBe('registry.k8s.io/ingress-nginx/controller:v1.10.0@sha256:42b3f0e5d0846876b1791cd3afeb5f1cbbe4259d6f35651dcc1b5c980925379c');
    expect(c.valuesPaths).toEqual(['controller.image.registry', 'controller.image.image', 'controller.image.tag', 'controller.image.digest']);
    const chroot = await images(join(CHARTS, 'ingressish'), '--set', 'controller.image.chroot=true');
    expect(chroot.images.find((e) => e.ref.includes('controller-chroot'))!.valuesPaths).toContain('controller.image.digestChroot');
  });

  it('a values schema that refuses markers: paths by value, optional toggles still found (schemaish)', async () => {
    const r = await images(join(CHARTS, 'schemaish'), '--optional');
    expect(r.images.map((e) => `${e.ref} ${e.valuesPaths.join(',')}`)).toEqual(['ghcr.io/acme/strict:1.2.3 image.repository,image.tag']);
    expect(r.optional.map((e) => `${e.ref} ${e.toggles.join(',')} ${e.valuesPaths.join(',')}`)).toEqual([
      'ghcr.io/acme/strict-sidecar:4.5.6 sidecar.enabled=true sidecar.image.repository,sidecar.image.tag',
    ]);
  });

  it('--set changes the images and their values paths follow', async () => {
    const r = await images(join(CHARTS, 'promish'), '--set', 'operator.image.tag=v0.76.0', '--set', 'prometheus.enabled=false');
    expect(byRef(r.images, 'quay.io/prometheus-operator/prometheus-operator:v0.76.0').valuesPaths).toContain('operator.image.tag');
    expect(r.images.map((e) => e.ref)).not.toContain('quay.io/prometheus/prometheus:v2.53.0');
  });

  it('--plain prints one line per image, image first', async () => {
    const r = await runCli(['images', join(CHARTS, 'strimzish'), '--plain'], env);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^quay\.io\/strimzi\/operator:0\.41\.0\tdefault\t/);
  });

  it('-o skopeo-sync writes registry -> images -> repository -> tags or digests', async () => {
    const r = await runCli(['images', join(CHARTS, 'strimzish'), '-o', 'skopeo-sync'], env);
    const doc = parse(r.stdout) as Record<string, { images: Record<string, string[]> }>;
    expect(doc['quay.io'].images['strimzi/kafka']).toEqual(['0.41.0-kafka-3.6.0', '0.41.0-kafka-3.7.0']);
    expect(doc['registry.redhat.io'].images['rhel8/postgresql-13']).toEqual(['sha256:' + 'a'.repeat(64)]);
  });

  it('--check: same list exits 0; drift exits 3 with a diff (ERR_IMAGES_DRIFT)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const list = join(dir, 'list.txt');
    const plain = await runCli(['images', join(CHARTS, 'strimzish'), '--plain'], env);
    writeFileSync(list, plain.stdout);
    expect((await runCli(['images', join(CHARTS, 'strimzish'), '--check', list], env)).exitCode).toBe(0);
    const drift = await runCli(['images', join(CHARTS, 'strimzish'), '--set', 'defaultImageTag=0.42.0', '--check', list, '-o', 'json'], env);
    expect(drift.exitCode).toBe(3);
    const err = JSON.parse(drift.stdout) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('ERR_IMAGES_DRIFT');
    expect(err.error.message).toContain('+ quay.io/strimzi/operator:0.42.0');
    expect(err.error.message).toContain('- quay.io/strimzi/operator:0.41.0');
  });

  it('--include-optional counts optional images as needed (--plain lists them)', async () => {
    const r = await runCli(['images', join(CHARTS, 'bitnamish'), '--include-optional', '--plain'], env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^docker\.io\/bitnami\/app-exporter:0\.9\.0-debian-12-r3\toptional\t/m);
  });

  it('--optional --plain lists every image the text lists, optional ones with the toggle that brings them', async () => {
    const plain = await runCli(['images', join(CHARTS, 'bitnamish'), '--optional', '--plain'], env);
    const text = await runCli(['images', join(CHARTS, 'bitnamish'), '--optional'], env);
    expect(plain.exitCode).toBe(0);
    const refs = (out: string) =>
      [
        ...new Set(
          out
            .split('\n')
            .map((l) => l.trim().split(/\s+/)[0]!)
            .filter((w) => /^[a-z0-9.-]+\.[a-z]+\/\S+:/.test(w)),
        ),
      ].sort();
    expect(refs(plain.stdout)).toEqual(refs(text.stdout));
    expect(plain.stdout).toMatch(/^docker\.io\/bitnami\/app-exporter:0\.9\.0-debian-12-r3\toptional\twhen /m);
  });

  it('-o yaml prints the same report as -o json', async () => {
    const y = await runCli(['images', join(CHARTS, 'strimzish'), '-o', 'yaml'], env);
    expect(parse(y.stdout)).toEqual(await images(join(CHARTS, 'strimzish')));
  });

  it('--keep-going: a chart that fails is named, the others are listed, exit 3', async () => {
    const r = await runCli(['images', join(CHARTS, 'no-such-chart'), join(CHARTS, 'strimzish'), '--keep-going', '--plain'], env);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('quay.io/strimzi/operator:0.41.0');
    expect(r.stderr).toContain('no-such-chart');
  });

  it('a missing chart is a clear usage error (exit 2)', async () => {
    const r = await runCli(['images', join(CHARTS, 'no-such-chart')], env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no-such-chart: no such file or folder');
  });
});
