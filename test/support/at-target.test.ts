import { describe, expect, it } from 'vitest';
import { misplacedImages } from './at-target.js';

const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';

/** A ConfigMap an operator reads: a registry in `defaults` beside {name, repository, tag} it joins. */
function configMap(registry: string): string {
  return [
    '---',
    '# Source: op/templates/config.yaml',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: op-images',
    'data:',
    '  image_config.yaml: |',
    '    defaults:',
    `      registry: ${registry}`,
    '    images:',
    '      builder:',
    '        name: config-builder',
    '        repository: acme',
    '        tag: 1.0-ubi',
    '',
  ].join('\n');
}

/** A Secret holding base64 of a values tree whose reference is split into fields. */
function secret(registry: string): string {
  const tree = `agent:\n  image:\n    registry: ${registry}\n    repository: acme/agent\n    tag: v2.1.0\n`;
  return [
    '---',
    '# Source: op/templates/secret.yaml',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: op-values',
    'data:',
    `  values.yaml: ${Buffer.from(tree).toString('base64')}`,
    '',
  ].join('\n');
}

/** A pod running `image`. */
const pod = (image: string) =>
  `---\n# Source: op/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;

const builder = {
  ref: 'docker.io/acme/config-builder:1.0-ubi',
  raw: 'docker.io/acme/config-builder:1.0-ubi',
  sites: [{ raw: 'docker.io/acme/config-builder:1.0-ubi' }],
};
const agent = { ref: 'quay.io/acme/agent:v2.1.0', raw: 'quay.io/acme/agent:v2.1.0', sites: [{ raw: 'quay.io/acme/agent:v2.1.0' }] };

describe('the corpus check of where images are after values: judged by what discovery composes', () => {
  it('passes a reference the operator composes at the target, though its whole text is nowhere in the render', () => {
    const render = configMap(`${TARGET}/docker.io`) + secret(`${TARGET}/quay.io`);
    expect(render).not.toContain(`${TARGET}/${builder.ref}`);
    expect(misplacedImages([builder, agent], render, TARGET)).toEqual([]);
  });

  it("judges a source registry with a port by push's naming (host-PORT as a path segment), not by the source spelled under the target", () => {
    const dev = { ref: 'host.docker.internal:5000/controller:latest', raw: 'host.docker.internal:5000/controller:latest', sites: [] };
    expect(misplacedImages([dev], pod(`${TARGET}/host.docker.internal-5000/controller:latest`), TARGET)).toEqual([]);
    expect(misplacedImages([dev], pod(dev.ref), TARGET)).toContain(
      `${dev.ref}: ${TARGET}/host.docker.internal-5000/controller:latest is not among the references discovery composes from the render`,
    );
  });

  it('fails a composed reference that still points outside the target', () => {
    const render = configMap('docker.io') + secret(`${TARGET}/quay.io`);
    expect(misplacedImages([builder, agent], render, TARGET)).toEqual([
      `${builder.ref}: ${TARGET}/${builder.ref} is not among the references discovery composes from the render`,
      `${builder.ref}: discovery composes it from the render, outside the target`,
    ]);
  });

  it('fails one composed inside base64 data that still points outside the target', () => {
    const render = configMap(`${TARGET}/docker.io`) + secret('quay.io');
    expect(misplacedImages([builder, agent], render, TARGET)).toEqual([
      `${agent.ref}: ${TARGET}/${agent.ref} is not among the references discovery composes from the render`,
      `${agent.ref}: discovery composes it from the render, outside the target`,
    ]);
  });

  it('lets what values leaves to the post-renderer stay outside, and nothing else', () => {
    const render = configMap('docker.io') + secret(`${TARGET}/quay.io`);
    expect(misplacedImages([agent], render, TARGET, { exempt: new Set([builder.ref]) })).toEqual([]);
    expect(misplacedImages([agent], render, TARGET, { onlyThese: true })).toEqual([]);
    expect(misplacedImages([agent], render, TARGET)).toEqual([`${builder.ref}: discovery composes it from the render, outside the target`]);
  });

  it("a name whose empty version the chart's appVersion fills is judged with it, given the chart's appVersions", () => {
    const render = [
      '---',
      '# Source: op/templates/config.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: op-config',
      'data:',
      '  values: |',
      '    proxy:',
      '      image:',
      `        name: ${TARGET}/ghcr.io/acme/proxy`,
      '        version: ""',
      '',
    ].join('\n');
    const proxy = { ref: 'ghcr.io/acme/proxy:v1.2.3', raw: 'ghcr.io/acme/proxy:v1.2.3', sites: [{ raw: 'ghcr.io/acme/proxy:v1.2.3' }] };
    expect(misplacedImages([proxy], render, TARGET, { appVersions: new Map([['op', 'v1.2.3']]) })).toEqual([]);
    expect(misplacedImages([proxy], render, TARGET, { appVersions: new Map([['op', 'v9']]) })).toEqual([
      `${proxy.ref}: ${TARGET}/${proxy.ref} is not among the references discovery composes from the render`,
    ]);
  });

  it('fails a source spelling left whole and a registry written twice', () => {
    const nginx = { ref: 'docker.io/library/nginx:1.27', raw: 'nginx:1.27', sites: [{ raw: 'docker.io/library/nginx:1.27' }] };
    const twice = `${TARGET}/${TARGET}/docker.io/library/nginx:1.27`;
    expect(misplacedImages([nginx], pod(`${TARGET}/docker.io/library/nginx:1.27`) + `# docker.io/library/nginx:1.27\n`, TARGET)).toEqual([]);
    expect(misplacedImages([nginx], pod(twice), TARGET)).toContain('a registry is written twice');
    expect(
      misplacedImages(
        [nginx],
        pod(`${TARGET}/docker.io/library/nginx:1.27`) +
          '---\n# Source: op/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  note: "uses docker.io/library/nginx:1.27"\n',
        TARGET,
      ),
    ).toContain(`${nginx.ref}: the source docker.io/library/nginx:1.27 is still in the render`);
  });
});
