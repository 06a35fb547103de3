// A registry host kept in a value whose key names neither registry nor domain (koordinator's root
// `imageRepositoryHost`, joined as `{{ host }}/{{ x.image.repository }}:{{ x.image.tag }}`): the
// marker render shows it standing before the repository of every image that reads it, so it is
// that image's registry value. Before, `values` called every such image hard-coded and exited 3
// (holdout M, miss B). A host-shaped value that also stands inside another image's
// path is no registry: it is left alone.
import { describe, expect, it } from 'vitest';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `imageRepositoryHost: registry.example.cn
manager:
  image:
    repository: koord/manager
    tag: v1.8.0
scheduler:
  image:
    repository: koord/scheduler
    tag: v1.8.0
mirrorSite: images.example.net
tools:
  image:
    repository: tools
    tag: "2.1"
`;

const joined = (host: string, block: string) => `{{ .Values.${host} }}/{{ .Values.${block}.image.repository }}:{{ .Values.${block}.image.tag }}`;

describe('a registry value at the host position, whatever its key', () => {
  const chart = templateChart(
    {
      'manager.yaml': deployment('manager', joined('imageRepositoryHost', 'manager')),
      'scheduler.yaml': deployment('scheduler', joined('imageRepositoryHost', 'scheduler')),
      // mirrorSite stands before one image's repository and inside another's path: not a registry
      'tools.yaml': deployment('tools', joined('mirrorSite', 'tools')),
      'proxy.yaml': deployment('proxy', 'quay.example.io/{{ .Values.mirrorSite }}/proxy:3.0'),
    },
    VALUES,
  );

  it('images names the host value for each image it stands before, and no other', async () => {
    const r = await listImages(chart());
    const paths = Object.fromEntries(r.images.map((i) => [i.ref, i.valuesPaths ?? []]));
    expect(paths['registry.example.cn/koord/manager:v1.8.0']).toContain('imageRepositoryHost');
    expect(paths['registry.example.cn/koord/scheduler:v1.8.0']).toContain('imageRepositoryHost');
    expect(paths['images.example.net/tools:2.1']).not.toContain('mirrorSite');
    expect(paths['quay.example.io/images.example.net/proxy:3.0']).not.toContain('mirrorSite');
  });

  it('values moves the images of the host value, proved by re-render', async () => {
    const r = await valuesThenImages(chart(), ['--allow-hardcoded']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toContain('mirror.local:5000/m/registry.example.cn/koord/manager:v1.8.0');
    expect(r.refs).toContain('mirror.local:5000/m/registry.example.cn/koord/scheduler:v1.8.0');
    expect(r.refs).toContain('quay.example.io/images.example.net/proxy:3.0');
  });
});
