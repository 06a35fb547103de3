import { describe, expect, it } from 'vitest';
import { discoverImages } from '../discover-images.js';
import { emptyBlockRepositories, emptyGlobalRegistries } from './empty-image-values.js';
import { imageValueLeaves, ownSubchartGlobals, probeHost, probeOf, repositoryProbe, repositoryProbeIn } from './image-values.js';
import { markValues, markersIn, stripMarkers } from './value-markers.js';
import { attachProbedRegistries, attachProbedRepositories, attachValuesPaths } from './values-paths.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';

const pod = (image: string, template = 'c/templates/d.yaml'): RenderedDoc => ({
  chart: 'c',
  template,
  text: '',
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'x', image }] } },
});

describe('imageValueLeaves', () => {
  it.each([
    [
      'registry/repository/tag block',
      { image: { registry: 'quay.io', repository: 'a/b', tag: 'v1', pullPolicy: 'Always' } },
      ['image.registry=registry', 'image.repository=repository', 'image.tag=tag'],
    ],
    [
      'empty and null leaves are not marked (a default must still apply)',
      { image: { repository: 'a/b', tag: '', digest: null } },
      ['image.repository=repository'],
    ],
    ['numeric tags count (YAML reads 1.5 as a number)', { image: { repository: 'a', tag: 1.5 } }, ['image.repository=repository', 'image.tag=tag']],
    ['name only under an image block', { image: { name: 'operator' }, service: { name: 'web' } }, ['image.name=repository']],
    [
      'camelCase keys (kubectlImage, imageTag, tagPrefix)',
      { kubectlImage: 'bitnami/kubectl:1', imageTag: 'v2', kafka: { image: { tagPrefix: '0.4' } } },
      ['kubectlImage=image', 'imageTag=tag', 'kafka.image.tagPrefix=tag'],
    ],
    ['lists under an image key', { images: ['a:1', 'b:2'] }, ['images[0]=image', 'images[1]=image']],
    ['any value spelling host/path:tag', { relatedImages: { pg: 'registry.redhat.io/pg:13' }, url: 'https://x.io/a' }, ['relatedImages.pg=image']],
    [
      'untagged names with a host in a map of images (keda http-add-on: images.operator beside a shared images.tag)',
      { images: { tag: '', operator: 'ghcr.io/kedacore/op', mode: 'fast' }, image: { flavor: 'alpine' } },
      ['images.operator=image'],
    ],
    [
      'registries by component and component image names (MongoDB operators)',
      { registry: { operator: 'quay.io/mongodb', pullPolicy: 'Always', note: 'not a host' }, operator: { operatorImageName: 'op', operator_image_name: 'op' } },
      ['registry.operator=registry', 'operator.operatorImageName=image', 'operator.operator_image_name=image'],
    ],
    ['pull policies and secrets are not image parts', { imagePullPolicy: 'Always', imagePullSecrets: ['s'], image: { pullSecrets: ['s'] } }, []],
  ])('%s', (_name, values, want) => {
    expect(imageValueLeaves(values as Record<string, unknown>).map((l) => `${l.path}=${l.part}`)).toEqual(want);
  });
});

describe('markers', () => {
  it('markers keep the grammar: registry/repository take "-zqNq", tags "+zqNq" (semver build metadata)', () => {
    const leaves = imageValueLeaves({ image: { registry: 'quay.io', repository: 'a/b', tag: 'v1.2.3' } });
    expect(markValues(leaves, {}, {}).overlay).toEqual({ image: { registry: 'quay.io-zq0q', repository: 'a/b-zq1q', tag: 'v1.2.3+zq2q' } });
  });

  it('a marker suffix survives printf-style assembly and strips back to the plain string', () => {
    const leaves = imageValueLeaves({ image: { registry: 'quay.io', repository: 'a/b', tag: 'v1' } });
    const { overlay } = markValues(leaves, {}, {});
    const img = overlay.image as Record<string, string>;
    const rendered = `${img.registry}/${img.repository}:${img.tag}`;
    expect(stripMarkers(rendered)).toBe('quay.io/a/b:v1');
    expect(markersIn(rendered)).toEqual([0, 1, 2]);
  });

  it('a marked list entry brings its whole list (lists replace when values coalesce)', () => {
    const full = { images: ['a:1', 'b:2'] };
    const { overlay } = markValues(imageValueLeaves(full).slice(1), full, {});
    expect(overlay).toEqual({ images: ['a:1', 'b:2+zq0q'] });
  });

  it('user values stay in the overlay', () => {
    const { overlay } = markValues(imageValueLeaves({ image: { repository: 'a' } }), {}, { replicas: 2 });
    expect(overlay).toEqual({ replicas: 2, image: { repository: 'a-zq0q' } });
  });
});

describe('attachValuesPaths', () => {
  const full = { image: { registry: 'quay.io', repository: 'a/b', tag: 'v1' }, other: { repository: 'c/d', tag: 'v1' } };
  const leaves = imageValueLeaves(full);
  const { overlay, leaves: table } = markValues(leaves, full, {});
  const img = overlay.image as Record<string, string>;

  it('markers name exactly the leaves that built the image (registry, repository, tag)', () => {
    const plain = discoverImages([pod('quay.io/a/b:v1')]);
    const marked = discoverImages([pod(`${img.registry}/${img.repository}:${img.tag}`)], { clean: stripMarkers });
    const [s] = attachValuesPaths(plain, marked, table);
    expect(s.valuesPaths).toEqual(['image.registry', 'image.repository', 'image.tag']);
  });

  it('tag from appVersion: no tag path (the chart fills it, not a value)', () => {
    const plain = discoverImages([pod('quay.io/a/b:9.9')]);
    const marked = discoverImages([pod(`${img.registry}/${img.repository}:9.9`)], { clean: stripMarkers });
    expect(attachValuesPaths(plain, marked, table)[0].valuesPaths).toEqual(['image.registry', 'image.repository']);
  });

  it('without markers, leaves in the block whose repository matches are taken (fallback)', () => {
    const plain = discoverImages([pod('quay.io/a/b:v1')]);
    expect(attachValuesPaths(plain, [], table)[0].valuesPaths).toEqual(['image.registry', 'image.repository', 'image.tag']);
  });

  it('a host the template spells before the repository value is kept on that part; a registry value or Docker Hub name is none', () => {
    const parts = (plainRef: string, markedRef: string) =>
      attachValuesPaths(discoverImages([pod(plainRef)]), discoverImages([pod(markedRef)], { clean: stripMarkers }), table)[0].valuesParts;
    expect(parts('docker.io/a/b:v1', `docker.io/${img.repository}:${img.tag}`)?.[0]).toEqual({
      path: 'image.repository',
      part: 'repository',
      value: 'a/b',
      literalHost: 'docker.io',
    });
    expect(parts('quay.io/a/b:v1', `${img.registry}/${img.repository}:${img.tag}`)?.some((p) => p.literalHost)).toBe(false);
    expect(parts('a/b:v1', `${img.repository}:${img.tag}`)?.some((p) => p.literalHost)).toBe(false);
    expect(parts('library/a/b:v1', `library/${img.repository}:${img.tag}`)?.some((p) => p.literalHost)).toBe(false);
  });

  it('a global registry left empty is found by the probe render', () => {
    const probes = emptyGlobalRegistries({ global: { imageRegistry: '', storageClass: '' } });
    expect(probes.map((p) => p.path)).toEqual(['global.imageRegistry']);
    const plain = discoverImages([pod('docker.io/bitnami/app:1')]);
    const probed = discoverImages([pod(`${probeHost(0)}/bitnami/app:1`)]);
    expect(attachProbedRegistries(plain, probed, probes, probeOf)[0].valuesPaths).toEqual(['global.imageRegistry']);
  });
});

describe('emptyBlockRegistries (registry keys an image block leaves null or empty)', () => {
  it('finds them in image blocks, not globals (probed apart) and not outside image blocks', async () => {
    const { emptyBlockRegistries } = await import('./empty-image-values.js');
    const v = {
      image: { registry: null, repository: null, tag: '' },
      global: { imageRegistry: '' },
      db: { registry: null },
      sidecar: { image: { registry: '', repository: 'x' } },
    };
    expect(emptyBlockRegistries(v).map((l) => l.path)).toEqual(['image.registry', 'sidecar.image.registry']);
  });
});

describe('repository probes (repository keys an image block leaves null, a helper filling the default)', () => {
  it('finds them only in image blocks', () => {
    const v = { image: { registry: null, repository: null }, agent: { image: { name: 'agent', repository: '' } }, db: { repository: null } };
    expect(emptyBlockRepositories(v).map((l) => l.path)).toEqual(['image.repository', 'agent.image.repository']);
  });

  it('attach the probed leaf with the text it replaced, dropping name parts of other blocks matched by value', () => {
    const probes = emptyBlockRepositories({ image: { registry: null, repository: null } });
    const plain = attachValuesPaths(
      discoverImages([pod('docker.io/proxy:v3')]),
      [],
      new Map(imageValueLeaves({ azure: { image: 'proxy', registry: 'docker.io' } }).entries()),
    );
    expect(plain[0].valuesPaths).toEqual(['azure.registry', 'azure.image']);
    const probed = discoverImages([pod(`docker.io/${repositoryProbe(0)}:v3`)]);
    const [site] = attachProbedRepositories(plain, probed, probes, repositoryProbeIn);
    expect(site.valuesParts).toEqual([{ path: 'image.repository', part: 'repository', value: 'proxy' }]);
  });

  it('a repository that takes over registry and name gets the whole name as its value', () => {
    const probes = emptyBlockRepositories({ agent: { image: { name: 'agent', repository: null } } });
    const plain = discoverImages([pod('registry.acme.example/agent:7')]);
    const [site] = attachProbedRepositories(plain, discoverImages([pod(`${repositoryProbe(0)}:7`)]), probes, repositoryProbeIn);
    expect(site.valuesParts).toEqual([{ path: 'agent.image.repository', part: 'repository', value: 'registry.acme.example/agent' }]);
  });

  it('a stand-in that replaced the tag too is a whole-image value (AWS image.override)', () => {
    const probes = emptyBlockRepositories({ image: { tag: 'v1', account: '1', override: null } });
    const plain = discoverImages([pod('1.dkr.ecr.us-west-2.amazonaws.com/cni:v1')]);
    const [site] = attachProbedRepositories(plain, discoverImages([pod(repositoryProbe(0))]), probes, repositoryProbeIn);
    expect(site.valuesParts).toEqual([{ path: 'image.override', part: 'image', value: '1.dkr.ecr.us-west-2.amazonaws.com/cni:v1' }]);
  });

  it('a probe elsewhere in the name than the plain render allows attaches nothing', () => {
    const probes = emptyBlockRepositories({ image: { tag: '1', repository: null } });
    const plain = discoverImages([pod('quay.io/a/b:1')]);
    expect(attachProbedRepositories(plain, discoverImages([pod(`quay.io/x/${repositoryProbe(0)}:2`)]), probes, repositoryProbeIn)[0].valuesPaths).toEqual([]);
  });
});

describe("a subchart's own global defaults (tempo-distributed under an umbrella)", () => {
  it("are marked and set where they are, the subchart's alone (Helm copies globals down, never across); an enclosing chart's own leaf wins", () => {
    const values = {
      tempo: { global: { image: { registry: 'docker.io' } }, tempo: { image: { repository: 'grafana/tempo' } } },
      loki: { global: { image: { registry: 'quay.io' } } },
      gitlab: { global: { image: { registry: 'registry.gitlab.com' } }, mailroom: { global: { image: { registry: 'registry.gitlab.com' } } } },
    };
    expect(ownSubchartGlobals(imageValueLeaves(values)).map((l) => `${l.path}=${l.value}`)).toEqual([
      'tempo.global.image.registry=docker.io',
      'tempo.tempo.image.repository=grafana/tempo',
      'loki.global.image.registry=quay.io',
      'gitlab.global.image.registry=registry.gitlab.com',
    ]);
    const withTop = { global: { image: { registry: 'quay.io' } }, ...values };
    expect(
      ownSubchartGlobals(imageValueLeaves(withTop))
        .filter((l) => l.path.endsWith('global.image.registry'))
        .map((l) => l.path),
    ).toEqual(['global.image.registry']);
  });
});
