// scripts/corpus/build.mjs resolves a dependency as `helm dependency build` does: by name, version
// and the repository it is published from. A batch build took a dependency whose URL no mirror
// maps (ShardingSphere's `common` from https://charts.bitnami.com/bitnami) from the first chart of
// that name in the batch: with keptn's `common` library line before it, ShardingSphere got keptn's
// library and failed to render. Run on git mirrors made here; the built chart rendered by real Helm 4.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { gitMirror } from './git-mirror.js';
import { realHelm } from '../support/tools.js';

let work: string;
const library = (version: string, helper: string) => ({
  'Chart.yaml': `apiVersion: v2\nname: common\nversion: ${version}\ntype: library\n`,
  'templates/_helpers.tpl': `{{- define "${helper}" -}}made{{- end -}}\n`,
});
const under = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${dir}/${k}`, v]));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-corpus-deps-'));
  await gitMirror(work, 'keptn+charts', under('charts/common', library('0.2.1', 'keptn.helper')));
  await gitMirror(work, 'bitnami+charts', under('bitnami/common', library('1.16.1', 'common.names.fullname')));
  await gitMirror(
    work,
    'acme+operator',
    under('charts/op', {
      'Chart.yaml':
        'apiVersion: v2\nname: op\nversion: 0.3.0\ndependencies:\n  - name: common\n    repository: https://charts.bitnami.com/bitnami\n    version: 1.16.1\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ include "common.names.fullname" . }}}\n',
    }),
  );
  // keptn's library first in the batch, as's JJ block
  await writeFiles(work, { 'sources.tsv': 'keptn+charts\tcharts/common\nbitnami+charts\tbitnami/common\nacme+operator\tcharts/op\n' });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('corpus build: a dependency named like another chart of the batch', () => {
  it('is taken from the repository its URL names, and real Helm renders the built chart', async () => {
    const out = join(work, 'corpus');
    await execa('node', ['scripts/corpus/build.mjs', join(work, 'mirrors')], {
      env: { AIRGAP_DEV_CORPUS: out, AIRGAP_DEV_CORPUS_SOURCES: join(work, 'sources.tsv') },
    });
    const common = (await execa('tar', ['xzOf', join(out, 'op-0.3.0.tgz'), 'op/charts/common/Chart.yaml'])).stdout;
    expect(common).toContain('version: 1.16.1');
    const { helm } = await realHelm(4);
    const rendered = await execa(helm, ['template', 'rel', join(out, 'op-0.3.0.tgz')], { reject: false });
    expect(rendered.exitCode, rendered.stderr).toBe(0);
    expect(rendered.stdout).toContain('name: made');
  });
});
