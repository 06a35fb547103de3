// A registry (or registry with a path) set once in a config file an operator reads, above or
// beside the blocks that name each component's image without a host: `base` over
// `components: {NAME: {image, tag}}` (joined base/image:tag), and `defaults.registry` beside
// `images: {NAME: {name, repository, tag}}` (joined registry/repository/name:tag). Before, each
// was reported at docker.io (`docker.io/library/image:tag`), a wrong reference.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
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

// StackGres' shape (A, stackgres-operator): the chart writes its values as the spec of
// an SGConfig into a ConfigMap a hook applies; the operator then deploys its REST API and UI as
// `containerRegistry` + `/` + `image.name` + `:` + `image.tag`. An `image` block of `name` and
// `tag` (no repository) under a `containerRegistry` key: before, neither was a candidate, so the
// REST API the operator deploys by default was listed only as an optional values block.
const SGCONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: sgconfig
data:
  sgconfig.json: |
    apiVersion: stackgres.io/v1
    kind: SGConfig
    metadata:
      name: rel
    spec: {{ .Values | toJson }}
`;
const SGVALUES = `containerRegistry: quay.io
restapi:
  name: stackgres-restapi
  image:
    name: acme/restapi
    tag: 1.19-jvm
adminui:
  image:
    name: acme/admin-ui
    tag: "1.19"
jobs:
  image:
    pullPolicy: IfNotPresent
`;

describe('image blocks of name and tag under a containerRegistry, in a config a controller reads', () => {
  const sg = templateChart({ 'cm.yaml': SGCONFIG }, SGVALUES);

  it('images joins registry, name and tag, as runtime images with the values that set them', async () => {
    const r = (await listImages(sg())) as { images: { ref: string; need?: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual([
      ['quay.io/acme/admin-ui:1.19', 'runtime'],
      ['quay.io/acme/restapi:1.19-jvm', 'runtime'],
    ]);
  });

  it('values writes overrides under which the operator composes both at the target', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-sgconfig-'));
    try {
      const v = await runCli(['values', sg(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      const after = await listImages(sg(), ['-f', join(out, 'rel.values.yaml')]);
      expect(after.images.map((i) => i.ref).sort()).toEqual([
        'mirror.local:5000/m/quay.io/acme/admin-ui:1.19',
        'mirror.local:5000/m/quay.io/acme/restapi:1.19-jvm',
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
