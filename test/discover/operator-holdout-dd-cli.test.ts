// Operators of holdout DD read from source after the holdout was measured: an agent
// injector whose image is picked by the kind of agent each of its resources names (Contrast's
// AgentInjector spec.type, `when: FIELD=WORD`), at the registry its own env var gives; and a
// load-testing controller's compiled-in k6 image (kangal).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        {{- with .Values.env }}\n        env:\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`;
const resource = `{{ with .Values.resource }}{{ toYaml . }}{{ end }}\n`;
const chart = templateChart({ 'op.yaml': deployment, 'cr.yaml': resource }, 'image: x\nresource: null\nenv: null\n');

const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();
const injector = (kind: string) => ['resource.apiVersion=agents.contrastsecurity.com/v1beta1', `resource.kind=${kind}`, 'resource.metadata.name=i'];

describe('holdout DD operators', () => {
  it("Contrast's agent operator: the agent its injector's type picks (an alias too), at the registry env it is given", async () => {
    const java = await report('contrast/agent-operator:6.1.1', ...injector('AgentInjector'), 'resource.spec.type=java');
    expect(runtime(java)).toEqual(['docker.io/contrast/agent-java:latest']);
    const node = await report(
      'contrast/agent-operator:6.1.1',
      ...injector('ClusterAgentInjector'),
      'resource.spec.template.spec.type=node',
      'env[0].name=CONTRAST_DEFAULT_REGISTRY',
      'env[0].value=registry.acme.io/contrast',
    );
    expect(runtime(node)).toEqual(['registry.acme.io/contrast/agent-nodejs:latest']);
  });

  it("Contrast's agent operator: nothing by default for an injector that names its agent's version", async () => {
    const pinned = await report('contrast/agent-operator:6.1.1', ...injector('AgentInjector'), 'resource.spec.type=php', 'resource.spec.version=5.1.0');
    expect(runtime(pinned)).toEqual([]);
  });

  it("kangal: k6's image compiled in, none where the controller is told K6_IMAGE_NAME", async () => {
    expect(runtime(await report('hellofresh/kangal:1.7.2'))).toEqual(['docker.io/grafana/k6:latest']);
    const told = await report('hellofresh/kangal:1.7.2', 'env[0].name=K6_IMAGE_NAME', 'env[0].value=registry.acme.io/k6');
    expect(runtime(told)).not.toContain('docker.io/grafana/k6:latest');
  });
});
