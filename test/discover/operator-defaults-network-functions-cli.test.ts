// Gradiant's Open5GS operator runs a 5G core per Open5GS resource the user applies: every network
// function at spec.open5gsImage, MongoDB at spec.mongoDBVersion, both compiled-in defaults the chart
// never names (holdoutWW). Before the table entry `images` listed the operator alone and
// `values` said nothing was left outside. The WebUI is off by default: optional, brought by a
// resource that sets spec.webui.enabled.
import { describe, expect, it } from 'vitest';
import { deployment, listImages, templateChart } from './template-chart.js';

const OPERATOR = 'gradiant/open5gs-operator';

describe('an operator that runs network functions from images it compiles in', () => {
  const chart = templateChart({ 'manager.yaml': deployment('manager', `${OPERATOR}:1.0.7`) });
  const told = templateChart({
    'manager.yaml': deployment('manager', `${OPERATOR}:1.0.7`),
    'core.yaml': 'apiVersion: net.gradiant.org/v1\nkind: Open5GS\nmetadata:\n  name: core\nspec:\n  open5gsImage: registry.example/open5gs:2.7.5\n',
  });

  it('lists the core and its MongoDB as run-time images, the WebUI as optional', async () => {
    const listed = await listImages(chart(), ['--optional']);
    const runtime = listed.images.filter((i) => i.need === 'runtime').map((i) => i.ref);
    expect(runtime.sort()).toEqual(['docker.io/bitnami/mongodb:latest', 'docker.io/gradiant/open5gs:2.7.5']);
    const optional = (listed as unknown as { optional?: { ref: string }[] }).optional ?? [];
    expect(optional.map((i) => i.ref)).toEqual(['docker.io/gradiant/open5gs-webui:2.7.5']);
  });

  it('not the compiled-in core where the rendered resource names its own', async () => {
    const refs = (await listImages(told())).images.map((i) => i.ref);
    expect(refs).toContain('registry.example/open5gs:2.7.5');
    expect(refs).not.toContain('docker.io/gradiant/open5gs:2.7.5');
    expect(refs).toContain('docker.io/bitnami/mongodb:latest');
  });
});
