// A mode word whose `if` encloses `if`s of switches off by default, the word read through a helper
// (holdout TT: Snowplow Iglu Server's hook Jobs, `if eq (include "iglu...database.type" .)
// "postgres"` around `if .Values.hooks.deploySetupHooks` and `if or .Values.hooks.deployDB
// .Values.hooks.deployDBUser`). Given the word the search named the switches, given the switches
// it named the word, but from the defaults it never tried them together: the hook image was listed
// from its values block alone, with no setting, and `values --include-optional` could not move it.
// Now a word compared in a test of its own is tried with the switches of its template's other `if`s.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment, deploymentHead } from './template-chart.js';

let dir: string;
const chart = () => join(dir, 'app');

const HOOKS = `{{- if eq (include "app.database.type" .) "postgres" }}
{{- if .Values.hooks.deploySetupHooks }}
{{- if or .Values.hooks.deployDB .Values.hooks.deployDBUser }}
${deploymentHead('db-init')}      - name: psql
        image: "{{ .Values.hooks.image.repository }}:{{ .Values.hooks.image.tag }}"
{{- end }}
{{- end }}
{{- end }}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-word-nested-'));
  await writeFiles(chart(), {
    'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'values.yaml': [
      'database:',
      '  type: dummy',
      'hooks:',
      '  deploySetupHooks: false',
      '  deployDB: false',
      '  deployDBUser: false',
      '  image:',
      '    repository: acme/psql',
      '    tag: "15"',
      '',
    ].join('\n'),
    'templates/_helpers.tpl': '{{- define "app.database.type" -}}\n{{- default "dummy" .Values.database.type | lower -}}\n{{- end -}}\n',
    'templates/app.yaml': deployment('app', 'acme/app:1.0'),
    'templates/hooks.yaml': HOOKS,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a mode word whose `if` encloses switches of its own', () => {
  it('lists the hook image with the word and the switches that run it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const psql = out.optional.find((i) => i.ref === 'docker.io/acme/psql:15');
    expect(psql?.toggles).toHaveLength(1);
    const set = psql!.toggles[0]!.split(',');
    expect(set).toEqual(expect.arrayContaining(['database.type=postgres', 'hooks.deploySetupHooks=true']));
    expect(set.some((t) => t === 'hooks.deployDB=true' || t === 'hooks.deployDBUser=true')).toBe(true);
  });

  it('real Helm runs it with those settings', async () => {
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', 'database.type=postgres,hooks.deploySetupHooks=true,hooks.deployDB=true']);
    expect(podSpecImages(stdout)).toContain('acme/psql:15');
  });
});
