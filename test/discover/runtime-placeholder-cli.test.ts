// A reference a program completes before it pulls: KubeStash's Function `image:
// ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}`, filled with each database's
// version. Before, the grammar refused the string and it was in no section of `images` nor of
// `--explain` (P: kubedb-kubestash-catalog, 6 plugin images).
import { describe, expect, it } from 'vitest';
import { customResource, deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';
import { runCli } from './run-cli.js';

const FUNCTION = (name: string, image: string) => customResource('Function', `  image: '${image}'\n`).replace('name: default', `name: ${name}`);

describe('a reference with a placeholder the program fills', () => {
  const chart = templateChart(
    {
      'pg.yaml': FUNCTION('pg', '{{ .Values.image.registry }}/acme/postgres-plugin:v0.30.0_${DB_VERSION}'),
      'redis.yaml': `${FUNCTION('redis', '{{ .Values.image.registry }}/{{ .Values.image.repository }}:v0.30.0')}---\n${FUNCTION('mysql', '{{ .Values.image.registry }}/acme/mysql-plugin:$(VERSION)')}`,
      'whole.yaml': FUNCTION('whole', '$(IMAGE):latest'),
      'env.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  url: 'http://\${HOST}:8080/x'\n`,
    },
    'image:\n  registry: ghcr.io\n  repository: acme/redis-plugin\n',
  );

  it('is listed doubtful with what fills it, and the audit says so', async () => {
    const listed = await listImages(chart());
    expect(listed.images.map((i) => i.ref)).toEqual(['ghcr.io/acme/redis-plugin:v0.30.0']);
    expect(listed.doubtful.map((i) => i.ref).sort()).toEqual(['ghcr.io/acme/mysql-plugin:$(VERSION)', 'ghcr.io/acme/postgres-plugin:v0.30.0_${DB_VERSION}']);
    const explain = await runCli(['images', chart(), '--explain', '-o', 'json']);
    expect(explain.exitCode, explain.stderr).toBe(0);
    const text = explain.stdout;
    expect(text).toContain('the program fills ${DB_VERSION} before it pulls');
    expect(text).not.toContain('${HOST}');
    expect(text).not.toContain('$(IMAGE)');
  });

  it('the text report says what fills it and how its tags are carried', async () => {
    const r = await runCli(['images', chart()]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('the program fills ${DB_VERSION} before it pulls: carry each tag it makes with bundle --image REF');
  });

  it('values moves the others and writes no target for the completed ones (they follow their shared registry)', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(['mirror.local:5000/m/ghcr.io/acme/redis-plugin:v0.30.0']);
    expect(v.rendered).toContain("image: 'mirror.local:5000/acme/postgres-plugin:v0.30.0_${DB_VERSION}'");
  });
});

// A token replaced as text (Retool's agent-sandbox Job template in a ConfigMap names
// `tryretool/agent-sandbox-service:__IMAGE_TAG__`, the controller's DEPLOYED_IMAGE_TAG put in its
// place): the grammar reads it as a tag, so it was listed as an image no registry has (WW).
describe('a reference with a token the program replaces as text', () => {
  const jobTemplate = JSON.stringify({
    spec: { template: { spec: { containers: [{ name: 'sandbox', image: '{{ .Values.sandbox.repository }}:__IMAGE_TAG__' }] } } },
  });
  const chart = templateChart(
    {
      'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: job-template\ndata:\n  job-template.json: '${jobTemplate}'\n`,
      'pin.yaml': FUNCTION('pin', 'ghcr.io/acme/build:v1__RC__'),
      'deploy.yaml': deployment('controller', '{{ .Values.sandbox.repository }}:{{ .Values.sandbox.tag }}'),
    },
    'sandbox:\n  repository: ghcr.io/acme/sandbox\n  tag: 1.2.3\n',
  );

  it('is listed doubtful with the token named; a tag that only contains underscores stays a tag', async () => {
    const listed = await listImages(chart());
    expect(listed.doubtful.map((i) => i.ref)).toEqual(['ghcr.io/acme/sandbox:__IMAGE_TAG__']);
    expect(listed.images.map((i) => i.ref).sort()).toEqual(['ghcr.io/acme/build:v1__RC__', 'ghcr.io/acme/sandbox:1.2.3']);
    const r = await runCli(['images', chart()]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('the program fills __IMAGE_TAG__ before it pulls');
  });
});
