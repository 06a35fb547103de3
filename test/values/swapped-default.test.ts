// A repository value a template compares with its default and replaces by a literal of its own
// when they are equal, any other value written as it stands (cloud-provider-azure: `eq
// .Values.X.imageRepository "mcr.microsoft.com/oss/kubernetes"` gives `.../oss/v2/kubernetes` from
// Kubernetes 1.32). The marker render takes the other branch, so its reference differs from the
// plain one and no values path was tied to the image: `images` called it hard-coded and `values`
// exited 3 (holdout EE), though setting the repository to the target moves it.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { deploymentHead } from '../discover/template-chart.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-swapped-default-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('values: a repository value swapped for a literal while it holds its default', () => {
  it('is the path that moves the image: listed with its values, moved (exit 0), at the target in real Helm 4', async () => {
    const dir = join(work, 'chart');
    await writeFiles(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: ccm\nversion: 0.1.0\n',
      'values.yaml': 'manager:\n  imageRepository: quay.io/acme\n  imageName: manager\n',
      'templates/deployment.yaml':
        '{{- if eq .Values.manager.imageRepository "quay.io/acme" }}\n{{- $_ := set . "repo" "quay.io/acme/v2" }}\n{{- else }}\n{{- $_ := set . "repo" .Values.manager.imageRepository }}\n{{- end }}\n' +
        `${deploymentHead()}      - name: manager\n        image: {{ printf "%s/%s:%s" .repo .Values.manager.imageName "v1.2.3" }}\n`,
    });
    const images = await runCli(['images', dir, '-o', 'json']);
    const listed = JSON.parse(images.stdout).images as { ref: string; valuesPaths: string[]; hardcoded?: boolean }[];
    expect(listed.map((i) => [i.ref, i.valuesPaths, i.hardcoded ?? false])).toEqual([
      ['quay.io/acme/v2/manager:v1.2.3', ['manager.imageRepository', 'manager.imageName'], false],
    ]);
    const out = join(work, 'out');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['ccm.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'ccm', dir, '-f', join(out, 'ccm.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual([`${TARGET}/quay.io/acme/v2/manager:v1.2.3`]);
  });
});
