// Thousands of Argo CD Applications take minutes to render: each release is an item of the run's
// progress (src/cli/reporter.ts), so a TTY shows a bar and CI a plain line every few seconds, and
// -v names each release as it is done. Through the built CLI, against a real chart repository.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const APPS = 60;
let root: string;
let repo: RunningChartRepo;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'airgap-many-apps-'));
  await writeFiles(join(root, 'src'), {
    'tiny/Chart.yaml': 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n',
    'tiny/values.yaml': 'image: registry.example.com/acme/app:1.0\n',
    'tiny/templates/pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata: { name: {{ .Release.Name }} }\nspec:\n  containers:\n    - { name: a, image: {{ .Values.image }} }\n',
  });
  const { helm } = await realHelm(3);
  await promisify(execFile)(helm, ['package', join(root, 'src/tiny'), '-d', join(root, 'repo')]);
  await writeRepoIndex(join(root, 'repo'));
  repo = await startChartRepo({ dir: join(root, 'repo') });
  await mkdir(join(root, 'apps'));
  for (let i = 0; i < APPS; i++)
    await writeFile(
      join(root, 'apps', `app-${i}.yaml`),
      [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        `metadata: { name: app-${i} }`,
        'spec:',
        '  project: default',
        `  source: { repoURL: ${repo.url.replace(/\/$/, '')}, chart: tiny, targetRevision: 0.1.0, helm: { valuesObject: { image: "registry.example.com/acme/app${i}:1.0" } } }`,
        '  destination: { server: "https://kubernetes.default.svc", namespace: apps }',
        '',
      ].join('\n'),
    );
});

afterAll(async () => {
  await repo?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('images --gitops with many Argo CD Applications', () => {
  it('reports each release as an item of its progress (named with -v in CI), and finds every image', async () => {
    const r = await execa(BIN, ['images', '--gitops', join(root, 'apps'), '-v', '-o', 'json'], {
      reject: false,
      env: { HELM_AIRGAP_CACHE: join(root, 'cache'), HELM_REPOSITORY_CONFIG: join(root, 'none.yaml'), CI: 'true' },
      stdin: 'ignore',
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const done = new Set(r.stderr.split('\n').filter((l) => /^done app-\d+ \(tiny\)$/.test(l)));
    expect(done.size).toBe(APPS);
    const images = (JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((x) => x.ref);
    expect(images).toHaveLength(APPS);
  });
});
