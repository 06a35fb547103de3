// A literal image written in a template (a helm test pod's `busybox:1.38.0`) while values hold the
// same string for init containers of components switched off (jitsi-meet's
// coturn/jigasi/transcriber.initContainers.busybox.image). With no marker in the image, discovery
// took the leaves whose value matched as its values paths: none of them moves the test pod
// (holdout W6). A reference written whole in its template's text names no values path; one a
// value builds still names its own. The init containers' paths are found where they are used: the
// optional search keeps a new place (values path) of an image already needed, so `values
// --include-optional` still moves them once their component is on.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deploymentHead, listImages, templateChart } from './template-chart.js';

const TARGET = 'mirror.local:5000/m';

const chart = templateChart(
  {
    'test-pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-test\n  annotations: {"helm.sh/hook": test}\nspec:\n  containers:\n  - name: wget\n    image: busybox:1.38.0\n',
    'coturn.yaml': `{{- if .Values.coturn.enabled }}\n${deploymentHead('coturn')}      - name: coturn\n        image: coturn/coturn:4.6\n      initContainers:\n      - name: wait\n        image: {{ .Values.coturn.initContainers.busybox.image }}\n{{- end }}\n`,
    'app.yaml': `${deploymentHead('app')}      - name: app\n        image: {{ .Values.app.image | lower }}\n`,
  },
  'coturn:\n  enabled: false\n  initContainers:\n    busybox: {image: "busybox:1.38.0"}\napp:\n  image: "quay.io/acme/app:1.0"\n',
);

describe('a literal image in a template beside a values leaf of the same string', () => {
  it('lists the literal with no values path, and a value a template rewrote with its own', async () => {
    const { images } = await listImages(chart());
    const byRef = Object.fromEntries(images.map((i) => [i.ref, i.valuesPaths ?? []]));
    expect(byRef['docker.io/library/busybox:1.38.0']).toEqual([]);
    expect(byRef['quay.io/acme/app:1.0']).toEqual(['app.image']);
  });

  it('the optional search names the place a switch brings the same image through, and values --include-optional moves it there', async () => {
    const listed = (await runCli(['images', chart(), '--optional', '-o', 'json'])).stdout;
    const busybox = (
      JSON.parse(listed) as { images: { ref: string; valuesPaths: string[]; sites: { valuesPaths: string[]; toggle?: string }[] }[] }
    ).images.find((i) => i.ref === 'docker.io/library/busybox:1.38.0');
    expect(busybox?.sites.map((s) => [s.valuesPaths, s.toggle ?? ''])).toEqual([
      [[], ''],
      [['coturn.initContainers.busybox.image'], 'coturn.enabled=true'],
    ]);
    const out = await mkdtemp(join(tmpdir(), 'airgap-literal-twin-'));
    try {
      const r = await runCli(['values', chart(), '--registry', TARGET, '--include-optional', '-o', out]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      const file = join(out, 'op.values.yaml');
      expect(parse(await readFile(file, 'utf8'))).toEqual({
        app: { image: `${TARGET}/quay.io/acme/app:1.0` },
        coturn: { initContainers: { busybox: { image: `${TARGET}/docker.io/library/busybox:1.38.0` } } },
      });
      const { helm } = await realHelm(4);
      const rendered = (await execa(helm, ['template', 'rel', chart(), '-f', file, '--set', 'coturn.enabled=true'])).stdout;
      // the init container at the target; the test pod's literal is left to postrender (a test hook)
      expect(
        podSpecImages(rendered)
          .filter((i) => i.includes('busybox'))
          .sort(),
      ).toEqual(['busybox:1.38.0', `${TARGET}/docker.io/library/busybox:1.38.0`]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
