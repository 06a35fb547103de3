// Values that hold the part of a reference before a component's name, under keys of the chart's
// own naming: `imagePrefix`, `ceimagePrefix` (fluid: `printf "%s/%s:%s" imagePrefix imageName imageTag`, the
// prefix a Docker Hub namespace or a registry with a path) and `baseRepo` (a registry host the
// template joins to a repository written with a leading `/`, Azure's local-csi-driver). Before,
// neither was a value of the image: `values` called every such image hard-coded (exit 3), though
// setting the prefix moves it (D: fluid 26 images, kaito's workspace 3).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const VALUES = `imagePrefix: &prefix acmecloud
version: &version v1.1.0
controller:
  imagePrefix: *prefix
  imageName: dataset-controller
  imageTag: *version
fuse:
  ceimagePrefix: registry.example.com/acme-fs
  ceimageName: fs-fuse
  ceimageTag: "6.9"
image:
  baseRepo: mcr.example.com
  provisioner:
    repository: /oss/csi/csi-provisioner
    tag: v5.2.0
  driver:
    repository: mcr.example.com/acstor/local-csi-driver
    tag: v0.3.0
`;

const IMAGE = (c: string, v = 'image') => `{{ printf "%s/%s:%s" .Values.${c}.${v}Prefix .Values.${c}.${v}Name .Values.${c}.${v}Tag }}`;
const REPO = (c: string) =>
  `{{ if hasPrefix "/" .Values.image.${c}.repository }}{{ .Values.image.baseRepo }}{{ end }}{{ .Values.image.${c}.repository }}:{{ .Values.image.${c}.tag }}`;

describe("a prefix value of the chart's own naming before each component name", () => {
  const chart = templateChart(
    {
      'controller.yaml': deployment('controller', IMAGE('controller')),
      'fuse.yaml': deployment('fuse', IMAGE('fuse', 'ceimage')),
      'provisioner.yaml': deployment('provisioner', REPO('provisioner')),
      'driver.yaml': deployment('driver', REPO('driver')),
    },
    VALUES,
  );

  it("images names the prefix among each image's values, none hard-coded", async () => {
    const r = (await listImages(chart())) as { images: { ref: string; valuesPaths?: string[]; hardcoded?: boolean }[] };
    const byRef = Object.fromEntries(r.images.map((i) => [i.ref, i]));
    expect(Object.keys(byRef).sort()).toEqual([
      'docker.io/acmecloud/dataset-controller:v1.1.0',
      'mcr.example.com/acstor/local-csi-driver:v0.3.0',
      'mcr.example.com/oss/csi/csi-provisioner:v5.2.0',
      'registry.example.com/acme-fs/fs-fuse:6.9',
    ]);
    expect(byRef['docker.io/acmecloud/dataset-controller:v1.1.0']!.valuesPaths).toContain('controller.imagePrefix');
    expect(byRef['mcr.example.com/oss/csi/csi-provisioner:v5.2.0']!.valuesPaths).toContain('image.baseRepo');
    expect(r.images.filter((i) => i.hardcoded).map((i) => i.ref)).toEqual([]);
  });

  it('values moves every image, proved by re-render', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-prefix-keys-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      const after = await listImages(chart(), ['-f', join(out, 'rel.values.yaml')]);
      expect(after.images.map((i) => i.ref).sort()).toEqual([
        'mirror.local:5000/m/docker.io/acmecloud/dataset-controller:v1.1.0',
        'mirror.local:5000/m/mcr.example.com/acstor/local-csi-driver:v0.3.0',
        'mirror.local:5000/m/mcr.example.com/oss/csi/csi-provisioner:v5.2.0',
        'mirror.local:5000/m/registry.example.com/acme-fs/fs-fuse:6.9',
      ]);
      expect(await readFile(join(out, 'rel.values.yaml'), 'utf8')).toContain('imagePrefix');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
