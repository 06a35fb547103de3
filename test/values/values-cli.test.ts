// `helm airgap values` on small fixture charts (fixtures/values), the CLI run in-process: the
// files it writes, re-rendered independently, put every image under the target with the same tag.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { c as tarCreate } from 'tar';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { runCli } from '../discover/run-cli.js';
import { IMAGE_KEY, leafPaths, renderWithOverride } from './values-check.js';

const FIX = fileURLToPath(new URL('../../fixtures/values/', import.meta.url));
const TARGET = { registry: 'mirror.local:5000', prefix: 'm' };
const REG = 'mirror.local:5000/m';
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-values-'));
  env = { HELM_AIRGAP_CACHE: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'no-docker'), HOME: dir };
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('helm airgap values (chart arguments)', () => {
  it.each([
    ['shapes: image string, registry+repository+tag, digest pin, global.imageRegistry, subchart prefix, tag from appVersion', 'shapes', 5],
    ['schema: a values schema pinning the tag grammar still validates the override', 'schema', 1],
    ['operator: operand images in env and args, a name built from registry/repository/name values (Strimzi)', 'operator', 3],
    [
      'umbrella-v1: apiVersion v1 umbrella, local subcharts naming only their image under a global hub and tag (Istio 1.x), a Job named with the tag',
      'umbrella-v1',
      4,
    ],
    ['remerged: defaults under an internal key re-merged at render time, a sidecar image in the injector ConfigMap (Istio profiles)', 'remerged', 2],
    ['slot: names with an empty version that a library helper tags with the appVersion, in a pod spec and a ConfigMap', 'slot', 2],
    ['variant: a global registry, a repository the template suffixes (-chroot) with a per-variant digest field (ingress-nginx)', 'variant', 2],
    ['doubled: a global registry put in front of a whole-reference value only when set (signoz ClickHouse), written once', 'doubled', 2],
    ['root-registry: one registry at the root named `repository`, shared by every image and fallen back to (fission), written once', 'root-registry', 2],
  ])('%s', async (_rule, name, count) => {
    const out = join(dir, name);
    const r = await runCli(['values', join(FIX, name), '--registry', REG, '--name', 'rel', '--out-dir', out], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const file = join(out, 'rel.values.yaml');
    const imgs = await renderWithOverride(await readChart(join(FIX, name)), file, TARGET);
    expect(imgs.before).toHaveLength(count);
    expect(imgs.after).toEqual(imgs.expected);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(new RegExp(`^# .*\\n# from: charts .*${name}\\n# target: ${REG} \\(naming: full\\)`));
    for (const ref of imgs.before) expect(text).toContain(`#   ${ref} -> `);
    expect(leafPaths(parse(text)).filter((p) => !IMAGE_KEY.test(p))).toEqual([]);
  });

  it('remerged: values paths are the ones a user sets (global.hub), not under the internal defaults key', async () => {
    const out = join(dir, 'remerged-paths');
    const r = await runCli(['values', join(FIX, 'remerged'), '--registry', REG, '--name', 'rel', '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parse(await readFile(join(out, 'rel.values.yaml'), 'utf8'))).toEqual({ global: { hub: `${REG}/docker.io/acme` } });
  });

  it('slot: a ConfigMap naming an image with an empty version is read with the chart appVersion, not latest', async () => {
    const r = await runCli(['images', join(FIX, 'slot'), '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const refs = (JSON.parse(r.stdout) as { images: { ref: string; need: string }[] }).images.map((i) => `${i.need} ${i.ref}`);
    expect(refs).toEqual(['default ghcr.io/acme/server:2.0.0', 'runtime ghcr.io/acme/agent:2.0.0']);
  });

  it('-o json: one document naming each release, its images and the files', async () => {
    const out = join(dir, 'json');
    const r = await runCli(['values', join(FIX, 'shapes'), '--registry', REG, '--out-dir', out, '-o', 'json'], env);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { files: string[]; releases: { release: string; images: { source: string; target: string }[]; problems: unknown[] }[] };
    expect(doc.files).toEqual([join(out, 'shapes.values.yaml')]);
    expect(doc.releases[0].problems).toEqual([]);
    expect(doc.releases[0].images.map((i) => i.target)).toContain('mirror.local:5000/m/quay.io/acme/sidecar:1.2.3');
  });

  it('--naming drop-host and flat give the same repository path as push', async () => {
    for (const naming of ['drop-host', 'flat'] as const) {
      const out = join(dir, naming);
      const r = await runCli(['values', join(FIX, 'shapes'), '--registry', REG, '--naming', naming, '--name', 'rel', '-o', out], env);
      expect(r.exitCode).toBe(0);
      const imgs = await renderWithOverride(await readChart(join(FIX, 'shapes')), join(out, 'rel.values.yaml'), TARGET, naming);
      expect(imgs.after).toEqual(imgs.expected);
    }
  });

  it('a hard-coded image: reported with the postrender fix, exit 3; --allow-hardcoded exits 0', async () => {
    const out = join(dir, 'hard');
    const r = await runCli(['values', join(FIX, 'hardcoded'), '--registry', REG, '-o', out], env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(
      /docker\.io\/library\/busybox:1\.36.*hardcoded\/templates\/deployment\.yaml Deployment\/hardcoded-hardcoded spec\.template\.spec\.initContainers\[0\]\.image/,
    );
    expect(r.stderr).toMatch(/postrender/);
    const ok = await runCli(['values', join(FIX, 'hardcoded'), '--registry', REG, '-o', out, '--allow-hardcoded'], env);
    expect(ok.exitCode).toBe(0);
    expect(await readFile(join(out, 'hardcoded.values.yaml'), 'utf8')).toMatch(/image:\n {2}repository: mirror\.local:5000\/m\/quay\.io\/acme\/server\n/);
  });

  it('--format umbrella (the old name of charts-map): one file, charts.<name> with the OCI chart repository, version and values; deprecated on stderr', async () => {
    const out = join(dir, 'umbrella');
    const r = await runCli(['values', join(FIX, 'schema'), '--registry', REG, '--format', 'umbrella', '--out-dir', out], env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^warning: --format umbrella is deprecated/);
    const doc = parse(await readFile(join(out, 'umbrella.values.yaml'), 'utf8')) as Record<string, unknown>;
    expect(doc).toEqual({
      charts: {
        schema: {
          repository: 'oci://mirror.local:5000/m/charts',
          version: '0.1.0',
          values: { image: { registry: 'mirror.local:5000', repository: 'm/registry.k8s.io/ingress-nginx/controller' } },
        },
      },
    });
  });

  it('--format kustomize: the rendered manifests and a kustomization.yaml naming them, with images:', async () => {
    const out = join(dir, 'kustomize');
    const r = await runCli(['values', join(FIX, 'schema'), '--registry', REG, '--format', 'kustomize', '-o', out], env);
    expect(r.exitCode).toBe(0);
    expect(parse(await readFile(join(out, 'kustomization.yaml'), 'utf8'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['schema.manifests.yaml'],
      images: [{ name: 'registry.k8s.io/ingress-nginx/controller', newName: 'mirror.local:5000/m/registry.k8s.io/ingress-nginx/controller' }],
    });
    expect(await readFile(join(out, 'schema.manifests.yaml'), 'utf8')).toMatch(/^---\n# Source: schema\/templates\//);
  });

  it('a literal test-hook image equal to a settable value elsewhere is test-only, not a failed proof (supabase)', async () => {
    const chart = join(dir, 'sametest');
    await mkdir(join(chart, 'templates', 'tests'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: sametest\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'db:\n  image: postgres:15-alpine\n');
    const job = (name: string, image: string, hook = '') =>
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n${hook}spec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: ${image}\n`;
    await writeFile(join(chart, 'templates', 'init.yaml'), job('init', '{{ .Values.db.image }}'));
    await writeFile(join(chart, 'templates', 'tests', 'db.yaml'), job('test-db', 'postgres:15-alpine', '  annotations:\n    helm.sh/hook: test\n'));
    const out = join(dir, 'sametest-out');
    const r = await runCli(['values', chart, '--registry', REG, '--name', 'rel', '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'not moved: docker.io/library/postgres:15-alpine: test-only (helm test): run helm test with Helm 4 and --post-renderer airgap-postrender in sametest/templates/tests/db.yaml',
    );
    expect(await readFile(join(out, 'rel.values.yaml'), 'utf8')).toContain('image: mirror.local:5000/m/docker.io/library/postgres:15-alpine');
  });

  it('an override the re-render does not prove is not written where -f values/*.yaml reads (kept as .yaml.rejected; the file of an earlier run removed)', async () => {
    const chart = join(dir, 'unproven');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: unproven\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'image: docker.io/acme/app:1.0\n');
    // the template rewrites the value it is given: the override cannot hold
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: {{ .Values.image | replace "/docker.io/" "/quay.io/" }}\n';
    await writeFile(join(chart, 'templates', 'pod.yaml'), pod);
    const out = join(dir, 'unproven-out');
    // an earlier run's file of the accepted name: this run showed it wrong, so it goes too
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'rel.values.yaml'), 'image: old\n');
    const r = await runCli(['values', chart, '--registry', REG, '--name', 'rel', '-o', out], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`kept for inspection as ${join(out, 'rel.values.yaml.rejected')}`);
    expect((await readdir(out)).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    expect(await readFile(join(out, 'rel.values.yaml.rejected'), 'utf8')).toContain('image: mirror.local:5000/m/docker.io/acme/app:1.0');
  });

  it('--map that lacks an image of the render: exit 3 naming it (text and -o json), --allow-unmapped accepts exactly that', async () => {
    const chart = join(dir, 'twoimages');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: twoimages\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'web: docker.io/acme/web:1.0\nproxy: docker.io/library/nginx:1.27.4\n');
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: "{{ .Values.web }}"}\n    - {name: b, image: "{{ .Values.proxy }}"}\n';
    await writeFile(join(chart, 'templates', 'pod.yaml'), pod);
    const map = join(dir, 'one.map.yaml');
    await writeFile(map, `images:\n  docker.io/acme/web:1.0: ${REG}/acme/web:1.0\n`);
    const out = join(dir, 'two-out');
    const json = await runCli(['values', chart, '--map', map, '--name', 'rel', '--out-dir', out, '-o', 'json'], env);
    expect(json.exitCode, json.stderr).toBe(3);
    const doc = JSON.parse(json.stdout) as {
      error: { code: string; hint: string };
      report: { releases: { accounting: { moved: { source: string; target: string; by: string }[]; notMoved: { source: string; reason: string }[] } }[] };
    };
    expect(doc.error.code).toBe('ERR_VALUES_UNMAPPED');
    expect(doc.error.hint).toContain('--allow-unmapped');
    const acc = doc.report.releases[0]!.accounting;
    expect(acc.moved).toEqual([
      expect.objectContaining({ source: 'docker.io/acme/web:1.0', target: `${REG}/acme/web:1.0`, by: `map ${map} entry docker.io/acme/web:1.0` }),
    ]);
    expect(acc.notMoved).toEqual([expect.objectContaining({ source: 'docker.io/library/nginx:1.27.4', reason: 'not-in-map' })]);
    const text = await runCli(['values', chart, '--map', map, '--name', 'rel', '-o', out], env);
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toContain('NOT moved: docker.io/library/nginx:1.27.4: not in the map');
    expect(text.stderr).toContain('rel: docker.io/library/nginx:1.27.4 (not in the map');
    const allowed = await runCli(['values', chart, '--map', map, '--name', 'rel', '-o', out, '--allow-unmapped'], env);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('1 image(s) moved, 1 still pulled from outside the target');
  });

  it('two charts under one --name: usage error before anything is written', async () => {
    const r = await runCli(['values', join(FIX, 'schema'), join(FIX, 'shapes'), '--registry', REG, '--name', 'one', '-o', join(dir, 'dup')], env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/release name one is used by more than one chart/);
  });

  it.each([
    ['upper case prefix breaks the naming rules', 'mirror.local/Mirror'],
    ['no registry host', 'mirror'],
    ['a "--" run ECR refuses', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/a--b'],
  ])('bad target (%s): usage error, exit 2', async (_rule, target) => {
    const r = await runCli(['values', join(FIX, 'schema'), '--registry', target, '-o', join(dir, 'bad')], env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--registry/);
  });

  it('an OCI layout tarball without a lock: a clear error naming the file and the missing lock', async () => {
    const src = join(dir, 'layout');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    await writeFile(join(src, 'index.json'), '{"schemaVersion":2,"manifests":[]}');
    const tarFile = join(dir, 'nolock.tar');
    await tarCreate({ file: tarFile, cwd: src }, ['oci-layout', 'index.json']);
    const r = await runCli(['values', tarFile, '--registry', REG, '-o', join(dir, 'nolock')], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/nolock\.tar: no airgap-lock\.json in the archive/);
  });

  it('a tarball that is no bundle at all: named, exit 1', async () => {
    await writeFile(join(dir, 'x.txt'), 'x');
    const tarFile = join(dir, 'plain.tar');
    await tarCreate({ file: tarFile, cwd: dir }, ['x.txt']);
    const r = await runCli(['values', tarFile, '--registry', REG, '-o', join(dir, 'plain')], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/plain\.tar/);
  });
});
