// One kind, many images, picked by the resource's name: the Cluster API Operator's provider
// resources (InfrastructureProvider, BootstrapProvider...) name the provider in metadata.name and
// its release in spec.version; the operator fetches that release's components and runs its
// controller image, which the chart names in no form. `images` lists the image of each provider the
// table knows (its name and version), as runtime; a provider that sets its manager's imageUrl, or
// names no version (the operator then takes the newest), or one the table does not know, adds none.
import { describe, expect, it } from 'vitest';
import { fieldPathToSet } from '../../src/discover/operators/index.js';
import { postrendered, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const provider = (kind: string, name: string, spec: string) =>
  `apiVersion: operator.cluster.x-k8s.io/v1alpha2\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}---\n`;

describe('Cluster API providers named by metadata.name', () => {
  const chart = templateChart({
    'providers.yaml': [
      provider('InfrastructureProvider', 'k0sproject-k0smotron', '  version: v2.1.0\n'),
      provider('BootstrapProvider', 'k0sproject-k0smotron', '  version: v2.1.0\n'),
      provider('InfrastructureProvider', 'kubevirt', '  version: v0.11.2\n'),
      // another provider of the same kind: not the k0smotron image with its version
      provider('InfrastructureProvider', 'someone-else', '  version: v9.9.9\n'),
      // no version: the operator takes the newest release, which no render can know
      provider('ControlPlaneProvider', 'k0sproject-k0smotron', '  manager: {}\n'),
      // the manager's image set on the resource: that one, not the release's
      provider(
        'InfrastructureProvider',
        'kubevirt',
        '  version: v0.10.0\n  deployment:\n    containers:\n    - name: manager\n      imageUrl: registry.acme.io/capk/capk-manager:v0.10.0\n',
      ),
      // a picture's address under the same key name (Alertmanager's slack imageURL): no image
      'apiVersion: monitoring.coreos.com/v1alpha1\nkind: AlertmanagerConfig\nmetadata:\n  name: slack\nspec:\n  receivers:\n  - name: s\n    slackConfigs:\n    - imageURL: https://assets.acme.io/alert.png\n',
    ].join(''),
  });

  it('lists each known provider release image once, as runtime, and nothing for the rest', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      images: { ref: string; need: string; sites: { builtin?: { read: string; at: string } }[] }[];
      warnings: { operator: string }[];
    };
    // someone-else's image is not known: said
    expect(out.warnings.map((w) => w.operator)).toEqual(['Cluster API Operator']);
    // read at the provider's own release, not the operator's
    expect(out.images.find((i) => i.ref.startsWith('quay.io/k0sproject/'))?.sites[0]?.builtin).toMatchObject({
      read: 'github.com/k0sproject/k0smotron@v2.1.0',
      at: '.github/workflows/release.yml:110',
    });
    expect(out.images.map((i) => [i.ref, i.need])).toEqual([
      ['quay.io/capk/capk-manager:v0.11.2', 'runtime'],
      ['quay.io/k0sproject/k0smotron:v2.1.0', 'runtime'],
      ['registry.acme.io/capk/capk-manager:v0.10.0', 'runtime'],
    ]);
  });
});

// postrender moves such a default by the resource's field, making the named list item the
// operator matches when the resource has no such list (Cluster API: deployment.containers[] with
// name manager); a list that is there without that item is left alone (warning).
describe('postrender on a provider that names no manager container', () => {
  const chart = templateChart({ 'p.yaml': provider('InfrastructureProvider', 'k0sproject-k0smotron', '  version: v2.1.0\n  manager: {}\n') });

  it('images: the provider is one the table names: its image, no warning', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ images: [{ ref: 'quay.io/k0sproject/k0smotron:v2.1.0' }], warnings: [] });
  });

  it('adds spec.deployment.containers with the manager item and its imageUrl at the target', async () => {
    const [p] = await postrendered<{ spec: Record<string, unknown> }>(chart());
    expect(p!.spec).toEqual({
      version: 'v2.1.0',
      manager: {},
      deployment: { containers: [{ name: 'manager', imageUrl: 'mirror.local:5000/m/quay.io/k0sproject/k0smotron:v2.1.0' }] },
    });
  });
});

describe('fieldPathToSet: where a named list item is set', () => {
  const field = 'spec.deployment.containers[name=manager].imageUrl';
  it('the item that is there; a new list of the one item where there is none; nothing beside other items', () => {
    expect(fieldPathToSet({ spec: { deployment: { containers: [{ name: 'x' }, { name: 'manager' }] } } }, field)).toEqual({
      at: ['spec', 'deployment', 'containers', 1, 'imageUrl'],
    });
    expect(fieldPathToSet({ spec: {} }, field)).toEqual({ at: ['spec', 'deployment', 'containers', 0, 'imageUrl'], item: 'manager' });
    expect(fieldPathToSet({ spec: { deployment: { containers: [{ name: 'x' }] } } }, field)).toBeUndefined();
  });
});
