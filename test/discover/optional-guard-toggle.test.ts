// The optional search names the switch of an image that has no values under any toggle (an
// operator's custom resource whose image comes from the operator's defaults, as gpu-operator's
// gpuCluster.deployCR brings dra-driver) by trying first the toggle its template reads, before
// halving the group of toggles down to it: the same answer in fewer renders.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImages } from '../../src/app/images/images.js';
import { EngineRenderer } from '../../src/helm/engine/renderer.js';
import type { Chart } from '../../src/helm/chart/types.js';
import type { RenderOptions, RenderReport } from '../../src/helm/engine/render-types.js';
import { writeFiles } from '../support/files.js';
import { deployment, deploymentHead } from './template-chart.js';

// eight switches, off; only cluster.deployCR brings an image, one written in the template itself
const SWITCHES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
const VALUES = `${SWITCHES.map((s) => `${s}:\n  enabled: false\n`).join('')}cluster:\n  deployCR: false\n`;

/** The renderer, counting the renders the search asks for. */
class CountingRenderer extends EngineRenderer {
  renders = 0;
  override render(chart: Chart, o: RenderOptions): Promise<RenderReport> {
    this.renders++;
    return super.render(chart, o);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-guard-toggle-'));
  await writeFiles(join(dir, 'op'), {
    'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
    'values.yaml': VALUES,
    'templates/operator.yaml': deployment('operator', 'registry.acme.io/acme/operator:1.0'),
    // a switch that brings an object with no image (a ConfigMap), as most of a chart's switches do
    ...Object.fromEntries(
      SWITCHES.map((s) => [
        `templates/${s}.yaml`,
        `{{- if .Values.${s}.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${s}\ndata:\n  on: "yes"\n{{- end }}\n`,
      ]),
    ),
    'templates/cluster.yaml': `{{- if .Values.cluster.deployCR }}\n${deployment('dra', 'registry.acme.io/acme/dra-driver:2.0')}{{- end }}\n`,
  });
  // the same, but the custom resource's template also reads another switch of the group, which adds
  // a container before the driver's (as gpu-operator's ClusterPolicy reads every component's switch)
  await writeFiles(join(dir, 'mixed'), {
    'Chart.yaml': 'apiVersion: v2\nname: mixed\nversion: 0.1.0\n',
    'values.yaml': VALUES,
    'templates/operator.yaml': deployment('operator', 'registry.acme.io/acme/operator:1.0'),
    'templates/cluster.yaml': `{{- if .Values.cluster.deployCR }}\n${deploymentHead('dra')}{{- if .Values.alpha.enabled }}\n      - name: side\n        image: registry.acme.io/acme/side:1.0\n{{- end }}\n      - name: dra\n        image: registry.acme.io/acme/dra-driver:2.0\n{{- end }}\n`,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('an image whose template a toggle guards, with no values of its own', () => {
  it('is optional, named by that toggle, found with one render of the toggle after the group', async () => {
    const renderer = new CountingRenderer();
    const r = await findImages({ charts: [join(dir, 'op')], optional: true, cacheDir: join(dir, 'cache'), baseDir: dir, renderer });
    expect(r.images.map((i) => i.ref)).toEqual(['registry.acme.io/acme/operator:1.0']);
    expect(r.optional.map((i) => [i.ref, i.toggles])).toEqual([['registry.acme.io/acme/dra-driver:2.0', ['cluster.deployCR=true']]]);
    const plain = new CountingRenderer();
    await findImages({ charts: [join(dir, 'op')], optional: false, cacheDir: join(dir, 'cache'), baseDir: dir, renderer: plain });
    // the search's own renders: all eight switches, then cluster.deployCR alone (halving them down to it: 7)
    expect(renderer.renders - plain.renders).toBeLessThanOrEqual(3);
  });
});

describe('an image whose template reads other switches of the group too', () => {
  // The group render is no stand-in for the toggle's own render here: with alpha.enabled on, the
  // driver's container comes second, and `values` checks the field path the toggle alone gives.
  // A shortcut that took the confirming render's sites from the group render (sound only for a
  // template that learned nothing of the group's other switches) would keep containers[1].
  it('takes its site from the render of its toggle alone', async () => {
    const r = await findImages({ charts: [join(dir, 'mixed')], optional: true, cacheDir: join(dir, 'cache'), baseDir: dir, renderer: new EngineRenderer() });
    const dra = r.optional.find((i) => i.ref === 'registry.acme.io/acme/dra-driver:2.0');
    expect(dra?.toggles).toEqual(['cluster.deployCR=true']);
    expect(dra?.sites.map((x) => x.source.fieldPath)).toEqual(['spec.template.spec.containers[0].image']);
    const side = r.optional.find((i) => i.ref === 'registry.acme.io/acme/side:1.0');
    expect(side?.toggles).toEqual(['alpha.enabled=true,cluster.deployCR=true']);
  });
});
