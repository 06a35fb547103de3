// scripts/corpus/build.mjs on a source whose Chart.yaml is empty (volcano-sh/kthena keeps one in
// its CLI's template folder): no chart, so its build is skipped with the file named, and the
// other sources are built. It used to stop that chart with a bare TypeError (reading
// 'dependencies' of null), which named neither the file nor why.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { gitMirror } from './git-mirror.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-corpus-build-'));
  await gitMirror(work, 'acme+charts', {
    'cli/helm/Chart.yaml': '',
    'cli/helm/templates/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n',
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'charts/app/templates/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n',
  });
  await writeFiles(work, { 'sources.tsv': 'acme+charts\tcli/helm\nacme+charts\tcharts/app\n' });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('corpus build: a source with an empty Chart.yaml', () => {
  it('is skipped with the file named; the other source is built', async () => {
    const out = join(work, 'corpus');
    const r = await execa('node', ['scripts/corpus/build.mjs', join(work, 'mirrors')], {
      env: { AIRGAP_DEV_CORPUS: out, AIRGAP_DEV_CORPUS_SOURCES: join(work, 'sources.tsv') },
    });
    expect(r.stderr).toContain('corpus: acme+charts cli/helm: acme+charts/cli/helm/Chart.yaml is empty or not a map');
    expect(r.stderr).toContain('corpus: 1 of 2 charts');
    expect(existsSync(join(out, 'app-0.1.0.tgz'))).toBe(true);
  });
});
