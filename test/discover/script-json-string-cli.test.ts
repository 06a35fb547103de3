// Settings handed to a script as a JSON string literal inside its code: dask-gateway's
// `_PROPERTIES = json.loads({{ $values | toJson | quote }})` in dask_gateway_config.py, whose
// `get_property("gateway.backend.image.name")` names the image of every Dask cluster the gateway
// starts. The line is one escaped string (`"{\"gateway\":{...}}"`); before, it was read as a
// word and the cluster image was only an optional values block, so `values` exited 0 with the
// clusters still pulled from outside (L: dask-gateway).
import { describe, expect, it } from 'vitest';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `gateway:
  image: {name: quay.io/acme/gateway-server, tag: "1.0"}
  backend:
    image: {name: quay.io/acme/cluster, tag: "2.1"}
`;

const TEMPLATES = {
  'configmap.yaml': `kind: ConfigMap
apiVersion: v1
metadata:
  name: gateway
data:
  gateway_config.py: |-
    {{- $values := pick .Values "gateway" }}
    import json
    _PROPERTIES = json.loads({{- $values | toJson | quote }})

    def get_property(key, default=None):
        value = _PROPERTIES
        for k in key.split("."):
            value = value.get(k, default)
        return value

    c.KubeClusterConfig.image = "%s:%s" % (get_property("gateway.backend.image.name"), get_property("gateway.backend.image.tag"))
`,
  'gateway.yaml': deployment('gateway', '{{ .Values.gateway.image.name }}:{{ .Values.gateway.image.tag }}'),
};

describe('settings in a JSON string literal of a script in a ConfigMap', () => {
  const chart = templateChart(TEMPLATES, VALUES);

  it('images lists the image the script is told to start as run-time', async () => {
    const r = await listImages(chart());
    const byNeed = (r.images as { ref: string; need: string; valuesPaths: string[] }[]).map((i) => [i.need, i.ref, i.valuesPaths]);
    expect(byNeed).toEqual([
      ['default', 'quay.io/acme/gateway-server:1.0', ['gateway.image.name', 'gateway.image.tag']],
      ['runtime', 'quay.io/acme/cluster:2.1', ['gateway.backend.image.name', 'gateway.backend.image.tag']],
    ]);
  });

  it('values moves it, proved by re-render', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/quay.io/acme/cluster:2.1', 'mirror.local:5000/m/quay.io/acme/gateway-server:1.0']);
  });
});
