// Optional images behind switches the chart refuses alone (bitnamish's cloneFromGit asks for the
// repository to clone, by `required` in the template and `fail` in NOTES.txt), and behind a
// sidecar whose registry only the empty global.imageRegistry sets (redis sentinel's
// `global.imageRegistry | default "docker.io"`): `values --include-optional` moves both, and its
// toggled proof renders pass; the registry is not written twice.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';

const CHART = join(import.meta.dirname, '../../fixtures/discover/charts/bitnamish');
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-optional-refused-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values --include-optional with refused switches and global-only registries', () => {
  it('moves the refused switch’s image and the sentinel under one registry, proven by re-render', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', CHART, '--registry', TARGET, '-o', out, '--include-optional'], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'bitnamish.values.yaml'), 'utf8'));
    expect(v.global.imageRegistry).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(v.cloneFromGit.image.repository).toBe('mirror/docker.io/bitnami/git');
    expect(v.redis.sentinel.image.repository).toBe('mirror/docker.io/bitnami/redis-sentinel');
  });
});

// An image block in values that no render uses, with any setting searched (one the templates read
// in a branch no setting searched opens): optional with no toggle. `values --include-optional`
// once said it was "turned on by undefined". A block no template reads at all (a workload the
// chart no longer ships) is no image of the chart, and not named.
describe('values: an optional image that only values name', () => {
  it('says it is named only in values, and where', async () => {
    const chart = join(dir, 'values-only');
    await writeFiles(chart, {
      'Chart.yaml': 'apiVersion: v2\nname: values-only\nversion: 0.1.0\n',
      'values.yaml':
        'image: {repository: quay.io/acme/app, tag: "1.0"}\nlegacy:\n  image: {repository: quay.io/acme/legacy, tag: "0.9"}\ngone:\n  image: {repository: quay.io/acme/gone, tag: "0.1"}\n',
      'templates/app.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: app\n    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n' +
        '{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n  - name: legacy\n    image: "{{ .Values.legacy.image.repository }}:{{ .Values.legacy.image.tag }}"\n{{- end }}\n',
    });
    const r = await runCli(['values', chart, '--registry', TARGET, '-o', join(dir, 'values-only-out'), '--include-optional'], {
      HOME: dir,
      HELM_AIRGAP_CACHE: join(dir, 'cache'),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('undefined');
    expect(r.stdout).toMatch(
      /not moved: quay\.io\/acme\/legacy:0\.9: optional, not included: named only in values \(legacy\.image\.repository, legacy\.image\.tag\), rendered by no setting searched;/,
    );
    expect(r.stdout).not.toContain('quay.io/acme/gone');
  });
});
