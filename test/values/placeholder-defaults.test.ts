// A chart whose defaults spell a placeholder where the image goes (greptimedb-remote-compaction's
// "Please set the registry/Please set the repository:Please set the tag", an Azure Marketplace
// chart's __ACR_REGISTRY_PLACEHOLDER__), its registry a value of its own: the user's values name
// the image. values moved the placeholder's registry value as a doubtful image's, parsed it as a
// reference and failed the whole release (exit 1, "invalid reference"); the chart's real images
// beside it were never written. Now the placeholder stays, named as no reference, and the rest move.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';

const TARGET = 'mirror.local:5000/m';
let dir: string;
let chart: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-placeholder-'));
  chart = join(dir, 'pc');
  const image = (b: string) => `"{{ .Values.${b}.image.registry }}/{{ .Values.${b}.image.repository }}:{{ .Values.${b}.image.tag }}"`;
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: pc\nversion: 0.1.0\n',
    'values.yaml': [
      'compactor: {image: {registry: Please set the registry, repository: Please set the repository, tag: Please set the tag}}',
      'proxy: {image: {registry: docker.io, repository: acme/proxy, tag: "1.2"}}',
      '',
    ].join('\n'),
    'templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: pc}
spec:
  template:
    spec:
      containers:
      - name: compactor
        image: ${image('compactor')}
      - name: proxy
        image: ${image('proxy')}
`,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values: a placeholder where the chart leaves the image to the user', () => {
  it('moves the real images, leaves the placeholder and says it is no reference', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', chart, '--registry', TARGET, '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`moved: docker.io/acme/proxy:1.2 -> ${TARGET}/docker.io/acme/proxy:1.2`);
    expect(r.stdout).toContain(
      "not a reference (the chart's defaults leave the image to your values; set them, then run values again): Please set the registry/Please set the repository:Please set the tag",
    );
    const v = parse(await readFile(join(out, 'pc.values.yaml'), 'utf8')) as Record<string, { image?: Record<string, string> }>;
    expect(v.proxy?.image?.registry).toBe('mirror.local:5000');
    expect(v.compactor).toBeUndefined();
  });
});
