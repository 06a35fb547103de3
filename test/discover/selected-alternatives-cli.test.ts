// Alternatives a controller's configuration carries beside the field that picks one. The shape is
// OSM's and osm-edge's (flomesh-io/osm-edge charts/osm/values.yaml and
// templates/preset-mesh-config.yaml): `osm.sidecarClass: pipy` beside `osm.sidecarDrivers`, a
// list of drivers named by `sidecarName`, envoy's with a Windows image too, all written as JSON
// into the preset MeshConfig ConfigMap; the injector's GetSidecarImage and GetSidecarWindowsImage
// (pkg/configurator) take the images of the driver whose sidecarName equals the class, and nothing
// reads the others. Only the selected driver is a run-time image; the others are rejected with the
// reason, from the rendered ConfigMap and from the values alike, and `values` and `postrender` move
// what is left. A platform variant keyed by OS beside the OS the program runs on is the same
// reading; a list no field picks from stays every entry's.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { runCli as runCliWithInput } from '../bundle/run-cli.js';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const CONTROLLER = 'docker.io/flomesh/osm-edge-controller:1.2.0';
const PIPY = 'docker.io/flomesh/pipy:0.90.0';
const ENVOY = 'docker.io/envoyproxy/envoy:v1.19.3';
const ENVOY_WINDOWS = 'docker.io/envoyproxy/envoy-windows:v1.19.3';

/** A ConfigMap `op-config` carrying `config` (YAML) whole as its program's config.yaml. */
const opConfig = (config: string) =>
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: op-config
data:
  config.yaml: |
${config.replace(/^(?=.)/gm, '    ')}`;

const OSM_VALUES = `osm:
  image:
    registry: flomesh
    tag: "1.2.0"
  sidecarClass: pipy
  sidecarImage: ""
  sidecarDrivers:
    - sidecarName: pipy
      sidecarImage: flomesh/pipy:0.90.0
      proxyServerPort: 6060
    - sidecarName: envoy
      sidecarImage: envoyproxy/envoy:v1.19.3
      sidecarWindowsImage: envoyproxy/envoy-windows:v1.19.3
      proxyServerPort: 15128
`;

const OSM_TEMPLATES = {
  'controller.yaml': deployment('osm-controller', '{{ .Values.osm.image.registry }}/osm-edge-controller:{{ .Values.osm.image.tag }}'),
  'preset-mesh-config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: preset-mesh-config
data:
  preset-mesh-config.json: |
    {
      "sidecar": {
        "sidecarClass": {{ .Values.osm.sidecarClass | mustToJson }},
        "sidecarImage": {{ .Values.osm.sidecarImage | mustToJson }},
        "sidecarDrivers": {{ .Values.osm.sidecarDrivers | mustToJson }}
      }
    }
`,
};

interface Explained {
  explain: { candidates: { raw: string; verdict: string; rule?: string; fieldPath: string }[] };
}

async function explained(chart: string): Promise<Explained['explain']['candidates']> {
  const r = await runCli(['images', chart, '--optional', '--explain', '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Explained).explain.candidates;
}

describe('a list of sidecar drivers and the class that picks one (OSM)', () => {
  const chart = templateChart(OSM_TEMPLATES, OSM_VALUES);

  it('lists the selected driver as run-time and no other driver, needed or optional', async () => {
    const r = await listImages(chart(), ['--optional']);
    expect(r.images.map((i) => i.ref).sort()).toEqual([CONTROLLER, PIPY]);
    expect(r.optional ?? []).toEqual([]);
  });

  it('--explain rejects the unselected driver, its Windows image too, with the reason', async () => {
    const rejected = (await explained(chart()))
      .filter((c) => c.verdict === 'rejected' && c.rule !== undefined)
      .map((c) => [c.raw, c.rule])
      .sort();
    expect(rejected).toContainEqual(['envoyproxy/envoy-windows:v1.19.3', 'unselected-alternative']);
    expect(rejected).toContainEqual(['envoyproxy/envoy:v1.19.3', 'unselected-alternative']);
    const listed = (await explained(chart())).filter((c) => c.verdict !== 'rejected').map((c) => c.raw);
    expect(listed.some((raw) => raw.includes('envoy'))).toBe(false);
  });

  it('values moves what is left and exits 0', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual([`mirror.local:5000/m/${CONTROLLER}`, `mirror.local:5000/m/${PIPY}`]);
  });

  it('postrender moves what is left and exits 0', async () => {
    const t = await runCli(['template', 'rel', chart()]);
    expect(t.exitCode, t.stderr).toBe(0);
    const post = await runCliWithInput(['postrender', '--registry', 'mirror.local:5000/m'], {}, t.stdout);
    expect(post.exitCode, post.stderr).toBe(0);
    expect(post.stdout).toContain('mirror.local:5000/m/docker.io/flomesh/pipy:0.90.0');
    expect(post.stdout).toContain('envoyproxy/envoy:v1.19.3');
  });

  it('picking the other class picks its images: the same reading finds them', async () => {
    const r = await listImages(chart(), ['--set', 'osm.sidecarClass=Envoy']);
    expect(r.images.map((i) => i.ref).sort()).toEqual([ENVOY_WINDOWS, ENVOY, CONTROLLER]);
  });
});

// a program's config keyed by operating system beside the OS it runs for (the Secrets Store CSI
// driver chart's linux/windows image pair, here carried whole to one program with `nodeOS`)
describe('platform variants keyed by OS beside the OS selected', () => {
  const chart = templateChart(
    {
      'op.yaml': deployment('op', 'ghcr.io/acme/csi-operator:v0.4.0'),
      'config.yaml': opConfig(`nodeOS: linux
driverImages:
  linux: ghcr.io/acme/csi-driver:v0.4.0
  windows: ghcr.io/acme/csi-driver:v0.4.0-windows-ltsc2022
`),
    },
    '',
  );

  it('lists the selected variant only', async () => {
    const r = await listImages(chart(), ['--optional']);
    expect(r.images.map((i) => i.ref).sort()).toEqual(['ghcr.io/acme/csi-driver:v0.4.0', 'ghcr.io/acme/csi-operator:v0.4.0']);
    expect(r.optional ?? []).toEqual([]);
  });
});

// nothing beside the list names one of its entries: every driver may run
describe('a list of drivers no field picks from', () => {
  const chart = templateChart(
    {
      'op.yaml': deployment('op', 'ghcr.io/acme/csi-operator:v0.4.0'),
      'config.yaml': opConfig(`logLevel: info
drivers:
- name: containerd
  image: ghcr.io/acme/driver-containerd:v0.4.0
- name: crio
  image: ghcr.io/acme/driver-crio:v0.4.0
`),
    },
    '',
  );

  it('lists every entry as run-time', async () => {
    const r = await listImages(chart());
    expect(r.images.map((i) => i.ref).sort()).toEqual([
      'ghcr.io/acme/csi-operator:v0.4.0',
      'ghcr.io/acme/driver-containerd:v0.4.0',
      'ghcr.io/acme/driver-crio:v0.4.0',
    ]);
  });
});

// the same list as a MeshConfig resource's own fields (OSM's MeshConfig spec.sidecar, which the
// preset ConfigMap above seeds), read by the site table's custom-resource rows
describe('sidecar drivers in a custom resource beside the class that picks one', () => {
  const chart = templateChart(
    {
      'controller.yaml': deployment('osm-controller', 'flomesh/osm-edge-controller:1.2.0'),
      'mesh-config.yaml': `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata:
  name: osm-mesh-config
spec:
  sidecar:
    sidecarClass: {{ .Values.osm.sidecarClass }}
    sidecarDrivers:
{{ toYaml .Values.osm.sidecarDrivers | indent 6 }}
`,
    },
    OSM_VALUES,
  );

  it('lists the selected driver only, and postrender exits 0', async () => {
    const r = await listImages(chart(), ['--optional']);
    expect(r.images.map((i) => i.ref).sort()).toEqual([CONTROLLER, PIPY]);
    expect(r.optional ?? []).toEqual([]);
    const t = await runCli(['template', 'rel', chart()]);
    const post = await runCliWithInput(['postrender', '--registry', 'mirror.local:5000/m'], {}, t.stdout);
    expect(post.exitCode, post.stderr).toBe(0);
  });
});

// a pod's containers all run: a field naming one of them picks nothing
describe('containers of a pod template in a custom resource beside a field naming one', () => {
  const chart = templateChart(
    {
      'job.yaml': `apiVersion: batch.acme.io/v1
kind: Runner
metadata:
  name: runner
spec:
  defaultContainer: main
  template:
    defaultContainer: main
    containers:
    - name: main
      image: ghcr.io/acme/main:1.0
    - name: sidecar
      image: ghcr.io/acme/sidecar:1.0
`,
    },
    '',
  );

  it('lists every container', async () => {
    const r = await listImages(chart());
    expect(r.images.map((i) => i.ref).sort()).toEqual(['ghcr.io/acme/main:1.0', 'ghcr.io/acme/sidecar:1.0']);
  });
});
