// A map of images by component under `image:` whose entries name the repository `name`
// (`image: {postgres: {registry: "", name: postgres, tag: "14"}}`), read by a helper that looks
// the component up with `get` and joins `registry/` + name + `:tag` (yugaware's full_image).
// Before, `name` two levels under `image` was no image part: registry and tag were found, the
// repository was called hard-coded and `values` exited 3 (P: yugaware, 2 images).
import { describe, expect, it } from 'vitest';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `image:
  commonRegistry: ""
  postgres:
    registry: ""
    name: postgres
    tag: "14.23"
    sampleConfLocation: /usr/share/postgresql/postgresql.conf.sample
  prometheus:
    registry: ""
    name: prom/prometheus
    tag: v3.13.1
`;

const HELPER = `{{- define "full_image" -}}
{{- $registry := (get (get .root.Values.image .containerName) "registry") -}}
{{- if not (empty .root.Values.image.commonRegistry) -}}{{- $registry = .root.Values.image.commonRegistry -}}{{- end -}}
{{- if not (empty $registry) -}}{{- $registry = printf "%s/" $registry -}}{{- end -}}
{{- printf "%s%s:%s" $registry (toString (get (get .root.Values.image .containerName) "name")) (toString (get (get .root.Values.image .containerName) "tag")) -}}
{{- end -}}
`;

describe('a component image map under image: whose entries name the repository `name`', () => {
  const chart = templateChart(
    {
      '_helpers.tpl': HELPER,
      'db.yaml': deployment('db', '{{ include "full_image" (dict "containerName" "postgres" "root" .) }}'),
      'prom.yaml': deployment('prom', '{{ include "full_image" (dict "containerName" "prometheus" "root" .) }}'),
    },
    VALUES,
  );
  const refs = ['docker.io/library/postgres:14.23', 'docker.io/prom/prometheus:v3.13.1'];

  it('names image.COMPONENT.name as the repository, and values moves both', async () => {
    const listed = await listImages(chart());
    expect(listed.images.map((i) => i.ref).sort()).toEqual(refs);
    const db = listed.images.find((i) => i.ref === refs[0]);
    expect(db?.valuesPaths).toEqual(expect.arrayContaining(['image.postgres.name', 'image.postgres.tag']));
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
  });
});
