// A registry (or registry with a path) set once in a config file an operator reads, above or
// beside the blocks that name each component's image without a host: `base` over
// `components: {NAME: {image, tag}}` (joined base/image:tag), and `defaults.registry` beside
// `images: {NAME: {name, repository, tag}}` (joined registry/repository/name:tag). Before, each
// was reported at docker.io (`docker.io/library/image:tag`), a wrong reference.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

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

const chart = templateChart({ 'cm.yaml': TEMPLATE });

describe('a registry prefix set above or beside host-less component images in one config file', () => {
  it('images joins the prefix to each component, and leaves a block with no prefix at its own', async () => {
    const refs = (await listImages(chart())).images.map((i) => i.ref).sort();
    expect(refs).toEqual([
      'docker.io/acme-legacy/config-builder:1.0-ubi',
      'docker.io/acme/system-logger:v3.0.0',
      'docker.io/library/busybox:1.36',
      'quay.io/acme-storage/storage-csi:v0.4.1',
      'quay.io/acme-storage/storage-server:v1.2.0',
    ]);
  });
});
