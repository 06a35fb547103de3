// A registry (or registry with a path) set once in a config file an operator reads, above or
// beside the blocks that name each component's image without a host: `base` over
// `components: {NAME: {image, tag}}` (joined base/image:tag), and `defaults.registry` beside
// `images: {NAME: {name, repository, tag}}` (joined registry/repository/name:tag). Before, each
// was reported at docker.io (`docker.io/library/image:tag`), a wrong reference.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';

const TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: image-config
data:
  components.yaml: |
    base: quay.io/acme-storage
    components:
      controller:
        tag: v1.2.0
        image: storage-server
      csi:
        tag: v0.4.1
        image: storage-csi
  image_config.yaml: |
    kind: ImageConfig
    defaults:
      pullPolicy: IfNotPresent
      registry: docker.io
    images:
      logger:
        name: system-logger
        repository: acme
        tag: v3.0.0
      builder:
        name: config-builder
        repository: acme-legacy
        tag: 1.0-ubi
  plain.yaml: |
    sidecar:
      image: busybox
      tag: "1.36"
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-prefix-'));
  await writeFiles(join(dir, 'op'), { 'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n', 'values.yaml': '', 'templates/cm.yaml': TEMPLATE });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a registry prefix set above or beside host-less component images in one config file', () => {
  it('images joins the prefix to each component, and leaves a block with no prefix at its own', async () => {
    const r = await runCli(['images', join(dir, 'op'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const refs = (JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref).sort();
    expect(refs).toEqual([
      'docker.io/acme-legacy/config-builder:1.0-ubi',
      'docker.io/acme/system-logger:v3.0.0',
      'docker.io/library/busybox:1.36',
      'quay.io/acme-storage/storage-csi:v0.4.1',
      'quay.io/acme-storage/storage-server:v1.2.0',
    ]);
  });
});
