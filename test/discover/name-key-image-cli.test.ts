// A values key named `name` that holds a whole tagged reference with a path, outside any image
// block (Theia Cloud's `demoApplication.name: theiacloud/theia-cloud-demo:1.3.0-next`, rendered
// whole into an AppDefinition's spec.image and a preloading DaemonSet): the key is the image's
// values path, so `values` moves it. Before, `name` counted only under an image block, the image
// was said hard-coded and values exited 3 though the key moves it (holdoutCC). A plain
// `name` (a word, or a name:port) stays no image.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, valuesThenImages } from './template-chart.js';

const chart = templateChart(
  {
    'app.yaml': `apiVersion: acme.io/v1\nkind: AppDefinition\nmetadata:\n  name: demo\nspec:\n  name: {{ .Values.demoApplication.name | quote }}\n  image: {{ tpl (.Values.demoApplication.name | toString) . }}\n  host: {{ .Values.server.name }}\n`,
    'preload.yaml': `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: preload\nspec:\n  template:\n    spec:\n      containers:\n      - name: preload\n        image: {{ .Values.demoApplication.name }}\n`,
  },
  'demoApplication:\n  name: acme/theia-demo:1.3.0\nserver:\n  name: "acme-server:8080"\n',
);

describe('a `name` key holding a whole tagged reference with a path', () => {
  it('images gives the key as its values path; values moves it, nothing left outside', async () => {
    const out = await listImages(chart());
    const demo = out.images.find((i) => i.ref === 'docker.io/acme/theia-demo:1.3.0');
    expect(demo?.valuesPaths).toEqual(['demoApplication.name']);
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(['mirror.local:5000/m/docker.io/acme/theia-demo:1.3.0']);
    expect(v.rendered).toContain('host: acme-server:8080');
  });
});
