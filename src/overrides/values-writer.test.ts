import { describe, expect, it } from 'vitest';
import { siteKey, type ImageSite, type ValuesPart } from '../discover/image-site.js';
import { mapImage } from './image-mapping.js';
import { buildOverride } from './values-writer.js';
import { valuesSite as site } from '../../test/support/values-site.js';

const T = { registry: 'r.example:5000', prefix: 'm' };
const map = (ref: string) => mapImage(ref, T, 'full');
const D = 'sha256:' + 'b'.repeat(64);

describe('buildOverride', () => {
  it.each<[string, ImageSite[], Record<string, unknown>]>([
    [
      'image string: the whole reference is replaced, its own tag kept',
      [site('quay.io/a/b:1', [{ path: 'image', part: 'image', value: 'quay.io/a/b:1' }])],
      { image: 'r.example:5000/m/quay.io/a/b:1' },
    ],
    [
      'image string without tag (tag from another key): no tag added',
      [
        site('quay.io/a/b:1', [
          { path: 'img.name', part: 'image', value: 'quay.io/a/b' },
          { path: 'img.tag', part: 'tag', value: '1' },
        ]),
      ],
      { img: { name: 'r.example:5000/m/quay.io/a/b' } },
    ],
    [
      'registry + repository + tag: registry is the host, repository the mapped path, tag untouched',
      [
        site('quay.io/a/b:1', [
          { path: 'image.registry', part: 'registry', value: 'quay.io' },
          { path: 'image.repository', part: 'repository', value: 'a/b' },
          { path: 'image.tag', part: 'tag', value: '1' },
        ]),
      ],
      { image: { registry: 'r.example:5000', repository: 'm/quay.io/a/b' } },
    ],
    [
      'repository (host and path) + image (last component) + version, joined by an operator: only the repository moves, no doubled registry',
      [
        site('nvcr.io/nvidia/gpu-operator:v25', [
          { path: 'operator.repository', part: 'repository', value: 'nvcr.io/nvidia' },
          { path: 'operator.image', part: 'image', value: 'gpu-operator' },
          { path: 'operator.version', part: 'tag', value: 'v25' },
        ]),
      ],
      { operator: { repository: 'r.example:5000/m/nvcr.io/nvidia' } },
    ],
    [
      'repository only (registry inside it): repository carries host and path',
      [site('docker.io/library/nginx:1.25', [{ path: 'image.repository', part: 'repository', value: 'nginx' }])],
      { image: { repository: 'r.example:5000/m/docker.io/library/nginx' } },
    ],
    [
      'digest pin: the digest key is never written, so the pin survives',
      [
        site(`ghcr.io/a/b@${D}`, [
          { path: 'image.repository', part: 'repository', value: 'ghcr.io/a/b' },
          { path: 'image.digest', part: 'digest', value: D },
        ]),
      ],
      { image: { repository: 'r.example:5000/m/ghcr.io/a/b' } },
    ],
    [
      'global.imageRegistry (bitnami): every registry key set to the target host',
      [
        site('docker.io/bitnami/redis:7', [
          { path: 'global.imageRegistry', part: 'registry', value: '' },
          { path: 'image.registry', part: 'registry', value: 'docker.io' },
          { path: 'image.repository', part: 'repository', value: 'bitnami/redis' },
        ]),
      ],
      { global: { imageRegistry: 'r.example:5000' }, image: { registry: 'r.example:5000', repository: 'm/docker.io/bitnami/redis' } },
    ],
    [
      // Envoy Gateway's `default (first segment of image) .Values.global.imageRegistry` puts the
      // registry in place of the value's host: host there and path in the value lost the path
      'an empty global registry beside whole image values that name their own host: each value takes the whole target, the registry stays unset',
      [
        site('docker.io/envoyproxy/gateway:v1.9.0', [
          { path: 'global.imageRegistry', part: 'registry', value: '' },
          { path: 'global.images.envoyGateway.image', part: 'image', value: 'docker.io/envoyproxy/gateway:v1.9.0' },
        ]),
        site('docker.io/envoyproxy/ratelimit:17b1956c', [
          { path: 'global.imageRegistry', part: 'registry', value: '' },
          { path: 'global.images.ratelimit.image', part: 'image', value: 'docker.io/envoyproxy/ratelimit:17b1956c' },
        ]),
      ],
      {
        global: {
          images: {
            envoyGateway: { image: 'r.example:5000/m/docker.io/envoyproxy/gateway:v1.9.0' },
            ratelimit: { image: 'r.example:5000/m/docker.io/envoyproxy/ratelimit:17b1956c' },
          },
        },
      },
    ],
    [
      'subchart prefix: paths are written as discovery names them from the top chart',
      [
        site('docker.io/grafana/grafana:10', [
          { path: 'grafana.image.registry', part: 'registry', value: 'docker.io' },
          { path: 'grafana.image.repository', part: 'repository', value: 'grafana/grafana' },
        ]),
      ],
      { grafana: { image: { registry: 'r.example:5000', repository: 'm/docker.io/grafana/grafana' } } },
    ],
    [
      'a variant suffix the template appends (ingress-nginx -chroot, its own digest field): registry stays the host, repository loses the suffix',
      [
        site(`registry.k8s.io/ingress-nginx/controller-chroot:v1@${D}`, [
          { path: 'global.image.registry', part: 'registry', value: 'registry.k8s.io' },
          { path: 'controller.image.image', part: 'repository', value: 'ingress-nginx/controller' },
          { path: 'controller.image.digestChroot', part: 'digest', value: D },
        ]),
        site('registry.k8s.io/ingress-nginx/certgen:v1', [
          { path: 'global.image.registry', part: 'registry', value: 'registry.k8s.io' },
          { path: 'webhook.image.image', part: 'repository', value: 'ingress-nginx/certgen' },
        ]),
      ],
      {
        global: { image: { registry: 'r.example:5000' } },
        controller: { image: { image: 'm/registry.k8s.io/ingress-nginx/controller' } },
        webhook: { image: { image: 'm/registry.k8s.io/ingress-nginx/certgen' } },
      },
    ],
  ])('%s', (_rule, sites, want) => {
    const o = buildOverride(sites, map);
    expect(o.values).toEqual(want);
    expect(o.hardcoded).toEqual([]);
    expect(o.conflicts).toEqual([]);
  });

  it.each<[string, ImageSite, Record<string, unknown>]>([
    [
      'registry/repository/name from three values (Strimzi): the leftmost absorbs the change, the rest stays',
      {
        ...site('quay.io/strimzi/kafka:1', [
          { path: 'defaultImageRegistry', part: 'registry', value: 'quay.io' },
          { path: 'defaultImageRepository', part: 'repository', value: 'strimzi' },
          { path: 'kafka.image.name', part: 'repository', value: 'kafka' },
        ]),
      },
      { defaultImageRegistry: 'r.example:5000/m/quay.io' },
    ],
    [
      'a literal path between registry and repository ({{registry}}/bitnami/{{name}}): the registry takes the prefix',
      {
        ...site('docker.io/bitnami/redis:7', [
          { path: 'image.registry', part: 'registry', value: 'docker.io' },
          { path: 'image.name', part: 'repository', value: 'redis' },
        ]),
      },
      { image: { registry: 'r.example:5000/m/docker.io' } },
    ],
  ])('%s', (_rule, s, want) => {
    expect(buildOverride([s], map).values).toEqual(want);
  });

  it('no name part in values (hard-coded, or a tag key only): reported, nothing written', () => {
    const o = buildOverride([site('quay.io/a/b:1', []), site('quay.io/a/c:2', [{ path: 'c.tag', part: 'tag', value: '2' }])], map);
    expect(o.values).toEqual({});
    expect(o.hardcoded.map((h) => h.source)).toEqual(['quay.io/a/b:1', 'quay.io/a/c:2']);
  });

  it('a repository after a host the template spells: hard-coded, or the path after that host when the target is under it', () => {
    const parts = [
      { path: 'image.repository', part: 'repository' as const, value: 'bitnami/nginx', literalHost: 'docker.io' },
      { path: 'image.tag', part: 'tag' as const, value: '1.25' },
    ];
    const lit = site('docker.io/bitnami/nginx:1.25', parts);
    const o = buildOverride([lit], map);
    expect(o.values).toEqual({});
    expect(o.hardcoded.map((h) => h.source)).toEqual(['docker.io/bitnami/nginx:1.25']);
    const hub = buildOverride([lit], (ref) => mapImage(ref, { registry: 'docker.io', prefix: 'mirrors' }, 'full'));
    expect(hub.values).toEqual({ image: { repository: 'mirrors/docker.io/bitnami/nginx' } });
  });

  it('a registry value shared with an image whose name is a literal in the template takes the path too, so both land at their targets', () => {
    // grafana-agent-operator: the operator is {registry, repository}; its test hook's GrafanaAgent
    // is `{{ .Values.image.registry }}/grafana/agent`: the registry must carry the target's path
    const registry = { path: 'image.registry', part: 'registry' as const, value: 'docker.io' };
    const operator = site('docker.io/grafana/agent-operator:v1', [registry, { path: 'image.repository', part: 'repository', value: 'grafana/agent-operator' }]);
    const agent = { ...site('docker.io/grafana/agent:v1', [registry], 'c/templates/tests/agent.yaml'), raw: 'docker.io/grafana/agent:v1' };
    const o = buildOverride([operator, agent], map);
    expect(o.values).toEqual({ image: { registry: 'r.example:5000/m/docker.io' } });
    expect(o.hardcoded).toEqual([]);
    expect(o.images.map((i) => i.target)).toEqual(['r.example:5000/m/docker.io/grafana/agent-operator:v1', 'r.example:5000/m/docker.io/grafana/agent:v1']);
    // alone, the literal-named image is still out of values' reach: nothing says the registry may take a path
    expect(buildOverride([agent], map).hardcoded.map((h) => h.source)).toEqual(['docker.io/grafana/agent:v1']);
  });

  it('the literal-named image in two places (a hook and a test): each takes the registry with the path, not the host alone', () => {
    // StackGres: `{{ .Values.containerRegistry }}/ongres/kubectl:TAG` in two Jobs beside
    // `containerRegistry` + `operator.image.name`; before, the second literal site stopped the
    // registry from carrying the path and kubectl was sent to HOST/ongres/kubectl
    const registry = { path: 'containerRegistry', part: 'registry' as const, value: 'quay.io' };
    const operator = site('quay.io/stackgres/operator:1', [registry, { path: 'operator.image.name', part: 'repository', value: 'stackgres/operator' }]);
    const hook = { ...site('quay.io/ongres/kubectl:1.31', [registry], 'c/templates/sgconfig.yaml'), raw: 'quay.io/ongres/kubectl:1.31' };
    const test = { ...site('quay.io/ongres/kubectl:1.31', [registry], 'c/templates/test.yaml'), raw: 'quay.io/ongres/kubectl:1.31' };
    const o = buildOverride([hook, operator, test], map);
    expect(o.values).toEqual({ containerRegistry: 'r.example:5000/m/quay.io' });
    expect(o.hardcoded).toEqual([]);
    expect(o.images.map((i) => i.target)).toEqual([
      'r.example:5000/m/quay.io/ongres/kubectl:1.31',
      'r.example:5000/m/quay.io/stackgres/operator:1',
      'r.example:5000/m/quay.io/ongres/kubectl:1.31',
    ]);
  });

  it('a registry value joined to a literal name in several places (a hook Job and a test Pod) takes the path for every image that shares it', () => {
    // stackgres-operator: `{{ printf "%s/ongres/kubectl:v1" .Values.containerRegistry }}` in two
    // templates, beside `{{ .Values.containerRegistry }}/{{ .Values.operator.image.name }}`
    const registry = { path: 'containerRegistry', part: 'registry' as const, value: 'quay.io' };
    const operator = site('quay.io/stackgres/operator:1', [registry, { path: 'operator.image.name', part: 'repository', value: 'stackgres/operator' }]);
    const kubectl = (template: string) => ({ ...site('quay.io/ongres/kubectl:v1', [registry], template), raw: 'quay.io/ongres/kubectl:v1' });
    const o = buildOverride([kubectl('c/templates/job.yaml'), kubectl('c/templates/tests/t.yaml'), operator], map);
    expect(o.values).toEqual({ containerRegistry: 'r.example:5000/m/quay.io' });
    expect(o.hardcoded).toEqual([]);
    expect(o.images.map((i) => i.target)).toEqual([
      'r.example:5000/m/quay.io/ongres/kubectl:v1',
      'r.example:5000/m/quay.io/ongres/kubectl:v1',
      'r.example:5000/m/quay.io/stackgres/operator:1',
    ]);
  });

  it("a path into a list keeps the list's other entries (Helm replaces lists whole)", () => {
    const o = buildOverride([site('quay.io/a/b:1', [{ path: 'extra.images[1]', part: 'image', value: 'quay.io/a/b:1' }])], map, {
      current: { extra: { images: ['x.io/keep:1', 'quay.io/a/b:1'] } },
    });
    expect(o.values).toEqual({ extra: { images: ['x.io/keep:1', 'r.example:5000/m/quay.io/a/b:1'] } });
  });

  it('a key holding images inside flags: only each reference replaced, two in one string both land, a list kept whole', () => {
    const a = site('quay.io/a/a:1', [], 'c/templates/a.yaml');
    const b = site('quay.io/a/b:2', [], 'c/templates/b.yaml');
    const c = site('quay.io/a/c:3', [], 'c/templates/c.yaml');
    const current = { flags: "--a-image=quay.io/a/a:1  --b-image 'quay.io/a/b:2';", args: ['--v=2', '-x quay.io/a/c:3'] };
    const keyOf = (s: ImageSite) => siteKey(s.source);
    const write = (sites: ImageSite[], held: [ImageSite, string[]][]) =>
      buildOverride(sites, map, { current, held: new Map(held.map(([s, p]) => [keyOf(s), p])) });
    // a key that does not hold it: hard-coded still
    expect(write([a], [[a, ['args[0]']]]).hardcoded.map((h) => h.source)).toEqual(['quay.io/a/a:1']);
    const o = write(
      [a, b, c],
      [
        [a, ['flags']],
        [b, ['flags']],
        [c, ['args[1]']],
      ],
    );
    expect(o.values).toEqual({
      flags: "--a-image=r.example:5000/m/quay.io/a/a:1  --b-image 'r.example:5000/m/quay.io/a/b:2';",
      args: ['--v=2', '-x r.example:5000/m/quay.io/a/c:3'],
    });
    expect(o.images.map((i) => [i.source, i.paths])).toEqual([
      ['quay.io/a/a:1', ['flags']],
      ['quay.io/a/b:2', ['flags']],
      ['quay.io/a/c:3', ['args[1]']],
    ]);
    expect(o.hardcoded).toEqual([]);
    expect(o.conflicts).toEqual([]);
  });

  it('a doubtful site behind a registry value set for others: its own repository follows; one the registry alone places adds nothing', () => {
    const reg = { path: 'global.imageRegistry', part: 'registry' as const, value: '' };
    const op = site('docker.io/acme/op:1', [reg, { path: 'op.repository', part: 'repository', value: 'acme/op' }]);
    const k3s = {
      ...site('docker.io/acme/k3s:latest', [reg, { path: 'k3s.repository', part: 'repository', value: 'acme/k3s' }], 'c/templates/k.yaml'),
      raw: 'acme/k3s',
      certainty: 'doubtful' as const,
    };
    const o = buildOverride([op], map, { doubtful: [k3s] });
    expect(o.values).toEqual({
      global: { imageRegistry: 'r.example:5000' },
      op: { repository: 'm/docker.io/acme/op' },
      k3s: { repository: 'm/docker.io/acme/k3s' },
    });
    expect(o.followed?.map((f) => [f.source, f.paths, f.shared])).toEqual([['docker.io/acme/k3s:latest', ['k3s.repository'], ['global.imageRegistry']]]);
    expect(o.images.map((i) => i.source)).toEqual(['docker.io/acme/op:1']);
    // its registry not set by the override: left alone
    expect(buildOverride([], map, { doubtful: [k3s] }).followed).toBeUndefined();
  });

  it('one path two images need differently: first wins, conflict named', () => {
    const o = buildOverride(
      [
        site('quay.io/a/b:1', [{ path: 'image.repository', part: 'repository', value: 'quay.io/a/b' }]),
        site('quay.io/a/c:1', [{ path: 'image.repository', part: 'repository', value: 'quay.io/a/c' }], 'c/templates/e.yaml'),
      ],
      map,
    );
    expect(o.conflicts).toEqual([{ path: 'image.repository', values: ['r.example:5000/m/quay.io/a/b', 'r.example:5000/m/quay.io/a/c'] }]);
  });

  it('a repository joined to a registry, and read alone behind a switch (trino): an empty registry and the whole target in the repository', () => {
    const registry = { path: 'image.registry', part: 'registry' as const, value: '' };
    const repository = { path: 'image.repository', part: 'repository' as const, value: 'trinodb/trino' };
    const joined = { ...site('docker.io/trinodb/trino:480', [registry, repository]), raw: 'trinodb/trino:480' };
    const alone = { ...site('docker.io/trinodb/trino:latest', [repository], 'c/templates/e.yaml'), raw: 'trinodb/trino', toggle: 'image.sole=true' };
    const o = buildOverride([joined, alone], map);
    expect(o.conflicts).toEqual([]);
    expect(o.values).toEqual({ image: { registry: '', repository: 'r.example:5000/m/docker.io/trinodb/trino' } });
    // a registry other images share stays theirs: emptied, it would strand them (the conflict is named)
    const other = site('docker.io/acme/x:1', [registry, { path: 'x.repository', part: 'repository', value: 'acme/x' }], 'c/templates/x.yaml');
    const shared = buildOverride([joined, alone, other], map);
    expect(shared.values).toMatchObject({ image: { registry: 'r.example:5000' } });
    expect(shared.conflicts.map((c) => c.path)).toEqual(['image.repository']);
  });
});

describe('buildOverride: a prefix glued to the name, a controller prefix in front of a CRD default', () => {
  const raw = (s: ImageSite, r: string): ImageSite => ({ ...s, raw: r });
  it('a prefix ending in `/` before a literal name takes the target up to the name, its `/` kept; a repository behind it keeps its value', () => {
    const literal = raw(site('docker.io/acme/app:1', [{ path: 'prefix', part: 'registry', value: 'docker.io/' }]), 'docker.io/acme/app:1');
    const repo = site('docker.io/acme/agent:2', [
      { path: 'prefix', part: 'registry', value: 'docker.io/' },
      { path: 'agent.repository', part: 'repository', value: 'acme/agent' },
    ]);
    expect(buildOverride([literal, { ...repo, source: { ...repo.source, fieldPath: 'x' } }], map).values).toEqual({ prefix: 'r.example:5000/m/docker.io/' });
  });

  it('an empty prefix the probe showed glued to the name (noSeparator) is written with the `/` the helper leaves to it', () => {
    const s = raw(site('docker.io/acme/app:1', [{ path: 'prefix', part: 'registry', value: '', noSeparator: true }]), 'acme/app:1');
    expect(buildOverride([s], map).values).toEqual({ prefix: 'r.example:5000/m/docker.io/' });
  });

  it('a host alone before a literal name with the template’s own `/` stays hard-coded (the slot may not take a path)', () => {
    const s = raw(site('docker.io/acme/app:1', [{ path: 'registry', part: 'registry', value: 'docker.io' }]), 'docker.io/acme/app:1');
    expect(buildOverride([s], map).hardcoded.map((h) => h.source)).toEqual(['docker.io/acme/app:1']);
  });

  it('a CRD default its controller prefixes: the value takes the target prefix for Docker Hub, and the report names the env var', () => {
    const s: ImageSite = {
      ...raw(site('docker.io/acme/agent:1.4.2', [{ path: 'defaultRegistry', part: 'registry', value: 'docker.io' }]), 'acme/agent:1.4.2'),
      site: 'custom-resource',
      crdDefault: { crd: 'agents.acme.example.io', template: 'c/crds/a.yaml', fieldPath: 'spec.image' },
      prefixedBy: { by: 'Deployment/op', container: 'manager', env: 'ACME_IMAGE_REGISTRY' },
    };
    const o = buildOverride([s], map);
    expect(o.values).toEqual({ defaultRegistry: 'r.example:5000/m/docker.io' });
    expect(o.images.map((i) => [i.target, i.via])).toEqual([
      [
        'r.example:5000/m/docker.io/acme/agent:1.4.2',
        "ACME_IMAGE_REGISTRY of Deployment/op (container manager), which its controller puts in front of the CRD's default",
      ],
    ]);
  });
});
