// The corpus end to end (issue 5): ../shared/charts served as an HTTP chart repository and as
// OCI charts on 127.0.0.1, a registry seeded with small synthetic images under the real images'
// names, all three charts bundled through --mirror; the bundle checked with skopeo and its lock
// against the .images.txt files.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChartArtifact } from '../../src/charts/chart-artifact.js';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { parseLock, type BundleLock } from '../../src/bundle/lock.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { parseReference } from '../../src/oci/reference.js';
import { RegistryClient } from '../../src/registry/client.js';
import { startChartRepo, type RunningChartRepo } from '../support/chart-repo-server.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages } from '../support/synthetic-image.js';
import { requireTool } from '../support/tools.js';
import { runCli } from '../bundle/run-cli.js';

const CORPUS = resolve(import.meta.dirname, '../..', process.env.AIRGAP_CORPUS ?? '../shared/charts');

interface Expected {
  chart: string;
  version: string;
  archive: string;
  needed: string[];
  optional: string[];
}

/** NAME-VERSION.images.txt: default lines, then "# runtime" and "# optional" sections of "# image" lines. */
function parseImagesTxt(text: string): { needed: string[]; optional: string[] } {
  const needed: string[] = [];
  const optional: string[] = [];
  let section = 'default';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '# runtime' || line === '# optional') section = line.slice(2);
    else if (line.startsWith('# ') && section !== 'default') (section === 'runtime' ? needed : optional).push(line.slice(2).split(/\s+/)[0]!);
    else if (line && !line.startsWith('#')) needed.push(line);
  }
  return { needed: needed.sort(), optional: optional.sort() };
}

async function corpusCharts(): Promise<Expected[]> {
  const out: Expected[] = [];
  for (const f of (await readdir(CORPUS)).filter((n) => n.endsWith('.images.txt')).sort()) {
    const base = f.replace(/\.images\.txt$/, '');
    const m = /^(.*)-(v?\d+\.\d+\.\d+.*)$/.exec(base)!;
    out.push({ chart: m[1]!, version: m[2]!, archive: join(CORPUS, `${base}.tgz`), ...parseImagesTxt(await readFile(join(CORPUS, f), 'utf8')) });
  }
  return out;
}

let charts: Expected[];
let registry: RunningRegistry;
let repo: RunningChartRepo;
let work: string;
let lock: BundleLock;
let out: string;
let mirrorLines: string[];

beforeAll(async () => {
  charts = await corpusCharts();
  expect(charts.length).toBeGreaterThanOrEqual(3);
  registry = await startRegistry();
  repo = await startChartRepo({ dir: CORPUS });
  work = await mkdtemp(join(tmpdir(), 'airgap-corpus-bundle-'));
  const refs = [...new Set(charts.flatMap((c) => [...c.needed, ...c.optional]))];
  const specs = refs.map((r, i) => {
    const p = parseReference(r);
    return {
      name: `${p.registry}/${p.repository}`,
      tag: p.tag!,
      baseLayers: [{ seed: 'corpus-base', size: 4096 }],
      layers: [{ seed: `layer-${i}`, size: 2048 }],
      mediaTypes: 'oci' as const,
    };
  });
  await seedRegistry(registry.host, await writeSyntheticImages(join(work, 'images'), specs));
  // every chart also as an OCI chart
  for (const c of charts) {
    const local = await resolveChart({ chart: c.archive }, { cacheDir: join(work, 'seed-cache'), baseDir: CORPUS });
    await pushChartArtifact(
      new RegistryClient().repository(`${registry.host}/charts/${c.chart}`),
      local,
      (await readFile(c.archive)).length,
      c.version.replace(/\+/g, '_'),
    );
  }

  const hosts = [...new Set(refs.map((r) => parseReference(r).registry))];
  mirrorLines = hosts.map((h) => `  ${h}: ${registry.host}/${h}`);
  const spec = [
    'charts:',
    ...charts.map((c) =>
      c.chart === 'argo-workflows'
        ? `  - oci: ${registry.host}/charts/argo-workflows\n    version: "${c.version}"`
        : `  - name: ${c.chart}\n    repo: ${repo.url}\n    version: "${c.version}"`,
    ),
    'mirrors:',
    ...mirrorLines,
    '',
  ].join('\n');
  await writeFile(join(work, 'airgap.yaml'), spec);
  out = join(work, 'corpus.tar');
  const r = await runCli(['bundle', '--spec', join(work, 'airgap.yaml'), '-o', out], {
    HELM_AIRGAP_CACHE: join(work, 'cache'),
    DOCKER_CONFIG: join(work, 'no-docker'),
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const reader = await ArchiveReader.open(out);
  lock = parseLock((await reader.readEntry('airgap-lock.json')).toString('utf8'), out);
});

afterAll(async () => {
  await repo?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('bundle over the corpus', () => {
  it('bundles every chart at its version, from the HTTP repo and from oci://', () => {
    const got = lock.charts.map((c) => `${c.name}:${c.version}:${c.source.kind}`).sort();
    expect(got).toEqual(charts.map((c) => `${c.chart}:${c.version}:${c.chart === 'argo-workflows' ? 'oci' : 'repo'}`).sort());
  });

  it('the HTTP repo charts keep the digest index.yaml lists', async () => {
    const index = await readFile(join(CORPUS, 'index.yaml'), 'utf8');
    for (const c of lock.charts.filter((x) => x.source.kind === 'repo')) expect(index).toContain(c.digest.replace('sha256:', ''));
  });

  it('carries exactly the default and runtime images of every .images.txt', () => {
    const want = [...new Set(charts.flatMap((c) => c.needed))].sort();
    expect(lock.images.map((i) => i.ref).sort()).toEqual(want);
    for (const i of lock.images) expect(i.pulledFrom).toMatch(new RegExp(`^${registry.host}/`));
  });

  it('names the optional images without carrying them', () => {
    const optional = charts.flatMap((c) => c.optional);
    for (const o of optional) expect(lock.notBundled.map((n) => n.ref)).toContain(o);
  });

  it('every image has its provenance: chart, template, site, values paths', () => {
    for (const i of lock.images) {
      expect(i.sites.length).toBeGreaterThan(0);
      expect(i.sites[0]!.template).toMatch(/\/templates\//);
    }
    const controller = lock.images.find((i) => i.ref === 'quay.io/jetstack/cert-manager-controller:v1.17.2')!;
    expect(controller.sites.flatMap((s) => s.valuesPaths)).toContain('image.repository');
  });

  it('the same charts from oci:// give the same chart digests and the same images', async () => {
    const spec = [
      'charts:',
      ...charts.map((c) => `  - oci: ${registry.host}/charts/${c.chart}\n    version: "${c.version}"`),
      'mirrors:',
      ...mirrorLines,
      '',
    ].join('\n');
    await writeFile(join(work, 'oci.yaml'), spec);
    const ociOut = join(work, 'oci.tar');
    const r = await runCli(['bundle', '--spec', join(work, 'oci.yaml'), '-o', ociOut], {
      HELM_AIRGAP_CACHE: join(work, 'cache'),
      DOCKER_CONFIG: join(work, 'no-docker'),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const reader = await ArchiveReader.open(ociOut);
    const oci = parseLock((await reader.readEntry('airgap-lock.json')).toString('utf8'), ociOut);
    const digests = (l: BundleLock) => l.charts.map((c) => `${c.name} ${c.digest}`).sort();
    expect(digests(oci)).toEqual(digests(lock));
    expect(oci.images.map((i) => `${i.ref} ${i.digest}`)).toEqual(lock.images.map((i) => `${i.ref} ${i.digest}`));
  });

  it('skopeo reads each image from the bundle with the digest the lock records', async () => {
    const skopeo = await requireTool('skopeo', 'skopeo');
    for (const i of lock.images) {
      const { stdout } = await promisify(execFile)(skopeo, ['inspect', '--raw', `oci-archive:${out}:${i.layoutRef}`], {
        maxBuffer: 16 << 20,
        encoding: 'buffer',
      });
      const { createHash } = await import('node:crypto');
      expect(`sha256:${createHash('sha256').update(stdout).digest('hex')}`).toBe(i.digest);
    }
  });
});
