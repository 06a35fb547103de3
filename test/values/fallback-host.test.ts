// A registry value left empty that the template falls back from to a literal host
// (oauth2-proxy: `{{ tpl .Values.image.registry $ | default (tpl .Values.global.imageRegistry $)
// | default "quay.io" }}/{{ .Values.image.repository }}`): discovery found the empty registry and
// the repository, but the host is the template's, in no value, so the writer planned nothing and
// `values` called the image hard-coded (exit 3). The empty registry takes the
// target and the host (TARGET/PREFIX/HOST) where the naming keeps the path, else the target host
// with the whole target path in the repository; real Helm 4 renders the written file at the target.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages, podTemplate as pod } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;
let dir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-fallback-host-'));
  dir = join(work, 'fallback');
  await writeFiles(dir, {
    'Chart.yaml': 'apiVersion: v2\nname: fallback\nversion: 0.1.0\nappVersion: "7.1"\n',
    'values.yaml': [
      'global:',
      '  imageRegistry: ""',
      'image:',
      '  registry: ""',
      '  repository: acme/proxy',
      '  tag: v7.1',
      'sidecar:',
      '  image:',
      '    registry: ""',
      '    repository: busybox',
      'api:',
      '  repository: acme/api',
      'ui:',
      '  repository: acme/ui',
      '',
    ].join('\n'),
    'templates/proxy.yaml': pod(
      'proxy',
      '{{ tpl .Values.image.registry $ | default (tpl .Values.global.imageRegistry $) | default "quay.io" }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}',
    ),
    // Docker Hub's own host before a short name (set part by part already, as the name alone says the host)
    'templates/sidecar.yaml': pod('sidecar', '{{ .Values.sidecar.image.registry | default "docker.io" }}/{{ .Values.sidecar.image.repository }}:1.36'),
    // one empty registry two images fall back from to two hosts: it cannot carry both paths, so it
    // takes the target host and each repository its path
    'templates/api.yaml': pod('api', '{{ .Values.global.imageRegistry | default "quay.io" }}/{{ .Values.api.repository }}:1.36'),
    'templates/ui.yaml': pod('ui', '{{ .Values.global.imageRegistry | default "ghcr.io" }}/{{ .Values.ui.repository }}:1.36'),
  });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('values: an empty registry value the template falls back from to a literal host', () => {
  it('images does not call it hard-coded', async () => {
    const r = await runCli(['images', dir, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { hardcoded: string[] }).hardcoded).toEqual([]);
  });

  it.each([
    [
      'full',
      {
        image: { registry: `${TARGET}/quay.io` },
        sidecar: { image: { registry: 'mirror.local:5000', repository: 'm/docker.io/library/busybox' } },
        global: { imageRegistry: 'mirror.local:5000' },
        api: { repository: 'm/quay.io/acme/api' },
        ui: { repository: 'm/ghcr.io/acme/ui' },
      },
      ['quay.io/acme/proxy', 'docker.io/library/busybox', 'quay.io/acme/api', 'ghcr.io/acme/ui'],
    ],
    [
      'flat',
      {
        image: { registry: 'mirror.local:5000', repository: 'm/acme-proxy' },
        sidecar: { image: { registry: 'mirror.local:5000', repository: 'm/library-busybox' } },
        global: { imageRegistry: 'mirror.local:5000' },
        api: { repository: 'm/acme-api' },
        ui: { repository: 'm/acme-ui' },
      },
      ['acme-proxy', 'library-busybox', 'acme-api', 'acme-ui'],
    ],
  ])('naming %s: the empty registry takes the target, proven, and real Helm renders it there', async (naming, values, names) => {
    const out = join(work, `out-${naming}`);
    const r = await runCli(['values', dir, '--registry', TARGET, '--naming', naming, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, 'fallback.values.yaml');
    expect(parse(await readFile(file, 'utf8'))).toEqual(values);
    const { helm } = await realHelm(4);
    const images = podSpecImages((await execa(helm, ['template', 'rel', dir, '-f', file])).stdout);
    expect(images.sort()).toEqual(names.map((n, i) => `${TARGET}/${n}:${i === 0 ? 'v7.1' : '1.36'}`).sort());
  });
});
