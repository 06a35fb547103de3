// Issue 49, class 5: an image block that names neither registry nor tag ({registry: "", repository:
// sds}) and that no render uses is listed as optional from the values alone. The chart's own
// renders show what such a block gets (the root image.registry, the chart's version), so the
// guess follows them instead of docker.io and the appVersion; when the renders disagree the old
// guess stays, as nothing says which fallback the template would take.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deployment } from './template-chart.js';

const component = (name: string, block: string, registry = '.Values.image.registry') =>
  deployment(name, `{{ ${block}.registry | default ${registry} }}/{{ ${block}.repository }}:{{ ${block}.tag | default .Chart.Version }}`);
// read by a template, rendered by none (a cluster the render's defaults never are): a block no render uses
const unrendered = `{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n${component('sds', '.Values.sds.image')}{{- end }}\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-chart-fallbacks-'));
  const values = `image:
  registry: ghcr.io/acme
controller:
  image:
    registry: ""
    repository: controller
    tag: ""
webhook:
  image:
    registry: ""
    repository: webhook
    tag: ""
sds:
  image:
    registry: ""
    repository: sds
`;
  for (const [name, webhookRegistry] of [
    ['agree', '.Values.image.registry'],
    ['disagree', '"quay.io/other"'],
  ])
    await writeFiles(join(dir, name), {
      'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 1.2.0\nappVersion: "9.9"\n`,
      'values.yaml': values,
      'templates/controller.yaml': component('controller', '.Values.controller.image'),
      'templates/webhook.yaml': component('webhook', '.Values.webhook.image', webhookRegistry),
      'templates/sds.yaml': unrendered,
    });
  // katib's shape (holdout Z): its own blocks (no tag of their own) under the global registry, a
  // database's block (its own tag) at Docker Hub's
  await writeFiles(join(dir, 'database'), {
    'Chart.yaml': 'apiVersion: v2\nname: database\nversion: 1.2.0\nappVersion: "9.9"\n',
    'values.yaml': `${values}database:\n  image:\n    repository: mysql\n    tag: "8.0"\n`,
    'templates/controller.yaml': component('controller', '.Values.controller.image'),
    'templates/webhook.yaml': component('webhook', '.Values.webhook.image'),
    'templates/database.yaml': deployment('database', '{{ .Values.database.image.repository }}:{{ .Values.database.image.tag }}'),
    'templates/sds.yaml': unrendered,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function imagesOf(chart: string): Promise<{ needed: string[]; optional: string[] }> {
  const r = await runCli(['images', join(dir, chart), '--optional', '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string }[] };
  return { needed: out.images.map((i) => i.ref).sort(), optional: out.optional.map((i) => i.ref).sort() };
}

describe('values blocks no render uses take the registry and tag the chart gives blocks like them', () => {
  it("follows the chart's renders: root registry and chart version, not docker.io and the appVersion", async () => {
    const { needed, optional } = await imagesOf('agree');
    expect(needed).toEqual(['ghcr.io/acme/controller:1.2.0', 'ghcr.io/acme/webhook:1.2.0']);
    expect(optional).toEqual(['ghcr.io/acme/sds:1.2.0']);
  });

  it('a block with no tag of its own is like the rendered blocks with none: a database block with its own tag at another registry does not count', async () => {
    const { needed, optional } = await imagesOf('database');
    expect(needed).toEqual(['docker.io/library/mysql:8.0', 'ghcr.io/acme/controller:1.2.0', 'ghcr.io/acme/webhook:1.2.0']);
    expect(optional).toEqual(['ghcr.io/acme/sds:1.2.0']);
  });

  it('keeps the values-only guess for what the renders disagree on (the registry), takes what they agree on (the tag)', async () => {
    const { needed, optional } = await imagesOf('disagree');
    expect(needed).toEqual(['ghcr.io/acme/controller:1.2.0', 'quay.io/other/webhook:1.2.0']);
    expect(optional).toEqual(['docker.io/library/sds:1.2.0']);
  });
});
