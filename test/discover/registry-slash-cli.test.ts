// A registry value written with its trailing slash and joined to the repository without one
// (`registry: ghcr.io/` then `{{ .registry }}{{ .repository }}`, epinio), and an empty registry
// value beside a name value that holds the namespace (`global.registry: ""`, `imageName:
// chrislusf/seaweedfs`, rendered `registry/name:tag` only when the registry is set: seaweedfs).
// Before, `values` wrote the host without its slash (`target:5000mirror/...`) and both the
// registry and a whole name (`target:5000/target:5000/mirror/...`): the proof failed, exit 1
// (J: epinio, 9 sites).
import { describe, expect, it } from 'vitest';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `image:
  server:
    registry: ghcr.io/
    repository: team/server
    tag: v1.2.3
global:
  registry: ""
  imageName: team/store
store:
  tag: "4.1"
`;

const SLASHED = `{{ .Values.image.server.registry }}{{ .Values.image.server.repository }}:{{ .Values.image.server.tag }}`;
const OPTIONAL_REGISTRY = `{{ if .Values.global.registry }}{{ printf "%s/%s:%s" .Values.global.registry .Values.global.imageName .Values.store.tag }}{{ else }}{{ printf "%s:%s" .Values.global.imageName .Values.store.tag }}{{ end }}`;

describe('a registry value that keeps its trailing slash, and an empty registry before a name', () => {
  const chart = templateChart({ 'server.yaml': deployment('server', SLASHED), 'store.yaml': deployment('store', OPTIONAL_REGISTRY) }, VALUES);
  const refs = ['docker.io/team/store:4.1', 'ghcr.io/team/server:v1.2.3'];

  it('values moves both, proved by re-render', async () => {
    expect((await listImages(chart())).images.map((i) => i.ref).sort()).toEqual(refs);
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
  });
});
