// scripts/corpus/build.mjs stages a chart as `helm dependency build` would: a file:// dependency is
// loaded as a chart of its own, so its .helmignore drops what it lists (New Relic's
// nri-metadata-injection lists a README.md under templates/, which real Helm would render and
// refuse as YAML), and is saved as an archive. The build copied such a dependency as a folder:
// real Helm then refused the built chart. Run on a git mirror made here, packaged by real Helm 4.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { gitMirror } from './git-mirror.js';
import { realHelm } from '../support/tools.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-corpus-build-'));
  await gitMirror(work, 'acme+charts', {
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 0.2.0\n    repository: file://../lib\n',
    'charts/app/templates/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n',
    'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.2.0\n',
    'charts/lib/.helmignore': 'templates/admission/README.md\n',
    'charts/lib/templates/admission/README.md': '# Certificates\nThe job: patches: the webhook\n',
    'charts/lib/templates/lib.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lib}\n',
  });
  await writeFiles(work, { 'sources.tsv': 'acme+charts\tcharts/app\n' });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('corpus build: a file:// dependency with a .helmignore of its own', () => {
  it('is vendored without the files it ignores, and real Helm renders the built chart', async () => {
    const out = join(work, 'corpus');
    await execa('node', ['scripts/corpus/build.mjs', join(work, 'mirrors')], {
      env: { AIRGAP_DEV_CORPUS: out, AIRGAP_DEV_CORPUS_SOURCES: join(work, 'sources.tsv') },
    });
    const { helm } = await realHelm(4);
    const listed = (await execa('tar', ['tzf', join(out, 'app-0.1.0.tgz')])).stdout.split('\n');
    expect(listed).toContain('app/charts/lib/templates/lib.yaml');
    expect(listed).not.toContain('app/charts/lib/templates/admission/README.md');
    const rendered = await execa(helm, ['template', 'app', join(out, 'app-0.1.0.tgz')], { reject: false });
    expect(rendered.exitCode, rendered.stderr).toBe(0);
    expect(rendered.stdout).toContain('name: lib');
  });
});
