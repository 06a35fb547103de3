// A setting that opens a branch only when it matches a pattern (redis-ha's restore: `if regexFind
// $regexRestoreS3 (toString .Values.restore.s3.source)` pulls s3cmd, the ssh form an ssh client):
// no boolean flip reaches it, and an `eq` has no word to try. The optional search makes a string
// the pattern (or a hasPrefix affix) accepts and tries it as it tries an `eq`'s word (holdout R,
// oauth2-proxy's redis-ha: optional 6 of 8).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const VALUES = `image: acme/redis:7
restore:
  s3:
    source: ""
    image: s3cmd/s3cmd:latest
  ssh:
    source: ""
  git:
    url: ""
`;

const TEMPLATE = `{{- $regexRestoreS3 := "^s3://.+|^S3://.+" -}}
${deploymentHead('redis')}      - name: redis
        image: {{ .Values.image }}
{{- if regexFind $regexRestoreS3 (toString .Values.restore.s3.source) }}
      - name: restore-s3
        image: {{ .Values.restore.s3.image }}
{{- end }}
{{- if regexFind "^.+@.+:\\\\d{2}$" (toString .Values.restore.ssh.source) }}
      - name: restore-ssh
        image: acme/openssh-client:9
{{- end }}
{{- if .Values.restore.git.url | hasPrefix "git@" }}
      - name: restore-git
        image: acme/git:2
{{- end }}
`;

describe('a branch a pattern test opens', () => {
  const chart = templateChart({ 'redis.yaml': TEMPLATE }, VALUES);

  it('images --optional lists its image with a string that passes the test as the setting', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] };
    expect((out.optional ?? []).map((o) => [o.ref, o.toggles]).sort()).toEqual([
      ['docker.io/acme/git:2', ['restore.git.url=git@x']],
      ['docker.io/acme/openssh-client:9', ['restore.ssh.source=x@x:00']],
      ['docker.io/s3cmd/s3cmd:latest', ['restore.s3.source=s3://x']],
    ]);
  });

  it('values --include-optional sets the setting back and moves the image', async () => {
    const out = await mkdtemp(join(tmpdir(), 'pattern-values-'));
    try {
      const r = await runCli(['values', chart(), '--registry', 'target.example:5000/mirror', '--include-optional', '--allow-hardcoded', '--out-dir', out]);
      expect(r.exitCode, r.stderr).toBe(0);
      const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
      expect(written).toContain('image: target.example:5000/mirror/docker.io/s3cmd/s3cmd:latest');
      expect(r.stdout).not.toMatch(/not moved: docker.io\/s3cmd/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('a pattern test inside a subchart that is off by its condition', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pattern-sub-'));
    await writeFiles(join(dir, 'app'), {
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: cache\n    version: 0.1.0\n    condition: cache.enabled\n',
      'values.yaml': 'image: acme/app:1\ncache:\n  enabled: false\n',
      'templates/app.yaml': `${deploymentHead('app')}      - name: app\n        image: {{ .Values.image }}\n`,
      'charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
      'charts/cache/values.yaml': 'image: acme/cache:2\nrestore:\n  source: ""\n',
      'charts/cache/templates/cache.yaml': `${deploymentHead('cache')}      - name: cache\n        image: {{ .Values.image }}\n{{- if regexFind "^s3://.+" (toString .Values.restore.source) }}\n      - name: restore\n        image: acme/s3cmd:3\n{{- end }}\n`,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is tried with the subchart's switch on beside it", async () => {
    const r = await runCli(['images', join(dir, 'app'), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] };
    expect(out.optional?.find((o) => o.ref === 'docker.io/acme/s3cmd:3')?.toggles).toEqual(['cache.enabled=true,cache.restore.source=s3://x']);
  });
});
