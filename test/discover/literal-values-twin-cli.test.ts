// A literal image written in a template (a helm test pod's `busybox:1.38.0`) while values hold the
// same string for init containers of components switched off (jitsi-meet's
// coturn/jigasi/transcriber.initContainers.busybox.image). With no marker in the image, discovery
// took the leaves whose value matched as its values paths: none of them moves the test pod
// (holdout W6). A reference written whole in its template's text names no values path; one a
// value builds still names its own.
import { describe, expect, it } from 'vitest';
import { deploymentHead, listImages, templateChart } from './template-chart.js';

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
});
