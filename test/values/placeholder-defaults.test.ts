// A chart whose defaults spell a placeholder where the image goes (greptimedb-remote-compaction's
// "Please set the registry/Please set the repository:Please set the tag", an Azure Marketplace
// chart's __ACR_REGISTRY_PLACEHOLDER__), its registry a value of its own: the user's values name
// the image. values moved the placeholder's registry value as a doubtful image's, parsed it as a
// reference and failed the whole release (exit 1, "invalid reference"); the chart's real images
// beside it were never written. Now the placeholder stays, named as no reference, and the rest move.
// A digest written as the tag (access-manager's `tag: "@sha256:..."` after `repository:`, which
// renders `repo:@sha256:...`) is no reference either: the kubelet refuses it; both commands say why.
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
      `agent: {image: {repository: ghcr.io/acme/agent, tag: "@sha256:${'d'.repeat(64)}"}}`,
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
      - name: agent
        image: "{{ .Values.agent.image.repository }}:{{ .Values.agent.image.tag }}"
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
      `not a reference (tag "Please set the tag" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: no runtime pulls it as it is; the chart's defaults leave the image to your values; set them, then run values again): Please set the registry/Please set the repository:Please set the tag`,
    );
    expect(r.stdout).toContain(`not a reference (tag "" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: no runtime pulls it as it is;`);
    expect(r.stdout).toContain(`ghcr.io/acme/agent:@sha256:${'d'.repeat(64)}`);
    const v = parse(await readFile(join(out, 'pc.values.yaml'), 'utf8')) as Record<string, { image?: Record<string, string> }>;
    expect(v.proxy?.image?.registry).toBe('mirror.local:5000');
    expect(v.compactor).toBeUndefined();
  });

  it('images names why a doubtful string is no reference', async () => {
    const r = await runCli(['images', chart], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const at = r.stdout.indexOf(`ghcr.io/acme/agent:@sha256:${'d'.repeat(64)}`);
    expect(at, r.stdout).toBeGreaterThan(r.stdout.indexOf('doubtful (look like images; not counted):'));
    expect(r.stdout.slice(at)).toMatch(
      /^\S+  \(values: [^\n]*\n {6}not a reference: tag "" must match \[A-Za-z0-9_\]\[A-Za-z0-9_.-\]\{0,127\}; no runtime pulls it as it is\n/,
    );
  });
});
