// Strings shaped like name:tag that are not images (issue 49, class 4), on a chart built here:
// label selectors in env values, resource quantities (250m) of env vars named for an image's container and a CRD's schema (its prose and examples) shipped in a ConfigMap
// for a hook Job to apply. Before, `images` listed four hard-coded runtime images and `values`
// exited 3 on an otherwise clean chart.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deploymentHead, listImages, templateChart } from './template-chart.js';

const TEMPLATE = `${deploymentHead('op')}      - name: op
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        env:
        - name: COMPONENT_SELECTOR
          value: app.kubernetes.io/component:template
        - name: WATCH_LABEL
          value: "app.kubernetes.io/part-of:acme"
        - name: OPERATOR_INIT_IMAGE_RESOURCES_CPU
          value: "250m"
        - name: OPERATOR_INIT_IMAGE_RESOURCES_MEMORY
          value: "100Mi"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: crds
data:
  crds.yaml: |
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: mirrors.acme.io
    spec:
      versions:
      - name: v1
        schema:
          openAPIV3Schema:
            properties:
              registry:
                description: |
                  The registry to mirror to, for example
                  fictional.registry.example:10443/team/app:1.0 or
                  fictional.registry.example:10443
                type: string
              image:
                type: string
                example: docker.io/library/busybox:1.36
    ---
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: others.acme.io
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-not-images-'));
  await writeFiles(join(dir, 'op'), {
    'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
    'values.yaml': 'image:\n  repository: quay.io/acme/operator\n  tag: "1.0"\n',
    'templates/all.yaml': TEMPLATE,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('label selectors and CRD schema prose are not images', () => {
  it('images lists the operator only; the resource quantities of an image-named setting (HiveMQ) are not even doubtful', async () => {
    const r = await runCli(['images', join(dir, 'op'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as { images: { ref: string }[]; doubtful: { ref: string }[] };
    expect(listed.images.map((i) => i.ref)).toEqual(['quay.io/acme/operator:1.0']);
    expect(listed.doubtful).toEqual([]);
  });

  it('values exits 0 and moves the operator', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', join(dir, 'op'), '--registry', 'mirror.local:5000/m', '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/hard-coded/);
    expect(await readFile(join(out, 'op.values.yaml'), 'utf8')).toMatch(/mirror\.local:5000\/m\/quay\.io\/acme\/operator|mirror\.local:5000/);
  });
});

// Knative's convention, copied by operators built on it (KServe): a ConfigMap's `_example` key holds
// a commented copy of the configuration for `kubectl edit` readers; no controller reads it. Before,
// the image spelled in that copy was listed as a hard-coded runtime image postrender cannot reach,
// and `values` exited 3.
const EXAMPLE_BLOCK = `apiVersion: v1
kind: ConfigMap
metadata:
  name: service-config
data:
  _example: |-
    ################################
    #    EXAMPLE CONFIGURATION     #
    ################################
    # This block is not functional configuration: copy a setting out of it
    # and unindent it into the data block to change the configuration.
    explainers: |-
      {
          "art": {
              "image" : "acme/art-explainer",
              "defaultImageVersion": "latest"
          }
      }
  explainers: |-
    {
        "art": {
            "image" : "{{ .Values.explainer.image }}",
            "defaultImageVersion": "{{ .Values.explainer.tag }}"
        }
    }
`;

describe("a ConfigMap's `_example` documentation key names no image", () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'knative'), {
      'Chart.yaml': 'apiVersion: v2\nname: knative\nversion: 0.1.0\n',
      'values.yaml': 'explainer:\n  image: acme/art-explainer\n  tag: v0.20.0\n',
      'templates/configmap.yaml': EXAMPLE_BLOCK,
    });
  });

  it('images lists the configured explainer only; --explain rejects the example with its reason', async () => {
    const r = await runCli(['images', join(dir, 'knative'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref)).toEqual(['docker.io/acme/art-explainer:v0.20.0']);
    const explained = await runCli(['images', join(dir, 'knative'), '--explain']);
    expect(explained.exitCode, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(
      /rejected, documentation-key: .*example.*no controller reads it[^\n]*\n\s+acme\/art-explainer:latest\s+<- .*data\._example > explainers\.art/,
    );
  });

  it('values exits 0 and moves the configured explainer', async () => {
    const out = join(dir, 'knative-out');
    const r = await runCli(['values', join(dir, 'knative'), '--registry', 'mirror.local:5000/m', '-o', out], {
      HOME: dir,
      HELM_AIRGAP_CACHE: join(dir, 'cache'),
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readFile(join(out, 'knative.values.yaml'), 'utf8')).toMatch(/image: mirror\.local:5000\/m\/docker\.io\/acme\/art-explainer/);
  });
});

// An operator's CR naming the registry namespace it puts its component images under, with the
// product version: Submariner's `{repository: quay.io/submariner, version: 0.18.1}`, from which the
// operator pulls quay.io/submariner/submariner-gateway:0.18.1 and others. quay.io keeps every
// image under a namespace, so `quay.io/acme:1.2.0` is pulled by nothing. Before, it was listed as a
// certain runtime image, which a bundle then failed to pull.
const NAMESPACE_CR = `apiVersion: acme.io/v1
kind: Mesh
metadata:
  name: mesh
spec:
  repository: {{ .Values.mesh.repository }}
  version: {{ .Values.mesh.version }}
  clusterID: east
`;

describe('a registry namespace beside a version is no image', () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'mesh'), {
      'Chart.yaml': 'apiVersion: v2\nname: mesh\nversion: 0.1.0\n',
      'values.yaml': 'mesh:\n  repository: quay.io/acme\n  version: 1.2.0\nsidecar:\n  repository: ghcr.io/acme/sidecar\n  version: 2.0.0\n',
      'templates/cr.yaml': `${NAMESPACE_CR}---\napiVersion: acme.io/v1\nkind: Sidecar\nmetadata:\n  name: side\nspec:\n  repository: {{ .Values.sidecar.repository }}\n  version: {{ .Values.sidecar.version }}\n`,
    });
  });

  it('images lists the sidecar, not quay.io/acme:1.2.0; --explain rejects it with its reason', async () => {
    const r = await runCli(['images', join(dir, 'mesh'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref)).toEqual(['ghcr.io/acme/sidecar:2.0.0']);
    const explained = await runCli(['images', join(dir, 'mesh'), '--explain']);
    expect(explained.exitCode, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(/rejected, registry-namespace: [^\n]*\n\s+quay\.io\/acme:1\.2\.0\s+<- /);
  });
});

// odigos (E): its configuration ConfigMap names the prefix its controllers put image
// names under (`imagePrefix: docker.io/keyval`); read as an image it was listed doubtful as
// docker.io/library/keyval:latest, a reference nothing pulls.
describe('a registry prefix under a prefix- or registry-named key in data a controller reads', () => {
  const chart = templateChart({
    'cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: config
data:
  config.yaml: |
    imagePrefix: docker.io/acme
    defaultRegistry: registry.acme.io/team
    collectorImage: docker.io/acme/collector:1.2.0
`,
  });

  it('is rejected as a registry, and the image beside it stays', async () => {
    const r = await listImages(chart());
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/acme/collector:1.2.0']);
    expect(r.doubtful).toEqual([]);
  });
});
