// An empty string an `if` tests as a switch (holdout MM: OpenReplay's
// `global.enterpriseEditionLicense: ""`; given any licence key, every component runs its `-ee`
// image, and a subchart that is off by its condition runs its own `-ee` variant once switched on).
// No boolean is false there, so no round flipped it: 23 images were missing from the optional list.
// Now such a string is set to a stand-in where the branch's own text brings an image (not an
// image's part: `if .Values.image.digest` spells the same image another way), and a subchart off
// by its condition is tried with it, and a switch left out of values (`vault.enabled`, no key under
// `vault:`) that a template testing the guard reads around an image is tried with it too. The
// stand-in spelled into an image is no image of the chart's.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment, deploymentHead } from './template-chart.js';

let dir: string;
const chart = () => join(dir, 'app');

// OpenReplay's shape: the branch holds the image line
const edition = (name: string) =>
  `${deploymentHead(name)}      - name: ${name}\n{{- if .Values.global.licence }}\n        image: acme/${name}:1.0-ee\n{{- else }}\n        image: acme/${name}:1.0\n{{- end }}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-string-guard-'));
  await writeFiles(chart(), {
    'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - {name: assist, version: 0.1.0, condition: assist.enabled}\n',
    'values.yaml': [
      'global:',
      '  licence: ""',
      'assist:',
      '  enabled: false',
      'vault:',
      '  host: vault.example:8200',
      'image:',
      '  digest: ""',
      'customImage: ""',
      '',
    ].join('\n'),
    'templates/app.yaml': edition('app'),
    // OpenReplay's migration Job: its vault container only with a licence and vault.enabled (no default)
    'templates/job.yaml': `{{- if .Values.global.licence }}{{- if .Values.vault.enabled }}\n${deployment('vault', 'hashicorp/vault:1.12.0')}{{- end }}{{- end }}\n`,
    // an image's part tested as a string: set, it spells the same image by digest, no other image
    'templates/web.yaml': deployment('web', '{{- if .Values.image.digest }}acme/web@{{ .Values.image.digest }}{{- else }}acme/web:1.0{{- end }}'),
    // a string that is itself the image: the stand-in would be read as one
    'templates/custom.yaml': `{{- if .Values.customImage }}\n${deployment('custom', '{{ .Values.customImage }}')}{{- end }}\n`,
    'charts/assist/Chart.yaml': 'apiVersion: v2\nname: assist\nversion: 0.1.0\n',
    'charts/assist/values.yaml': 'replicas: 1\n',
    'charts/assist/templates/assist.yaml': edition('assist'),
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('an empty string an `if` tests beside an image', () => {
  it('lists the images its branch brings with a stand-in value, with the switch of a subchart off by its condition, or one absent from values', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/acme/app:1.0-ee']).toEqual(['global.licence=example']);
    expect(toggles['docker.io/acme/assist:1.0']).toEqual(['assist.enabled=true']);
    expect(toggles['docker.io/acme/assist:1.0-ee']).toEqual(['global.licence=example,assist.enabled=true']);
    expect(toggles['docker.io/hashicorp/vault:1.12.0']).toEqual(['global.licence=example,vault.enabled=true']);
    expect(out.optional.map((i) => i.ref).filter((ref) => /example|acme\/web@/.test(ref))).toEqual([]);
  });

  it('real Helm runs them with those settings', async () => {
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', 'global.licence=example,assist.enabled=true,vault.enabled=true']);
    expect(podSpecImages(stdout)).toEqual(expect.arrayContaining(['acme/app:1.0-ee', 'acme/assist:1.0-ee', 'hashicorp/vault:1.12.0']));
  });
});
