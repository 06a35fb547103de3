// Values shapes of real 2026 charts (E) that `values` could not move, each proven by
// `values` then a re-render:
// - a registry value that is a Docker Hub namespace (`image.registry: acme`), joined to each
//   component's `imageName: NAME:TAG` and handed to the operator in an env var that names its
//   run-time images under it (robusta's IMAGE_REGISTRY). Written part by part, the host went to
//   the registry and the path into each name, so the env var held only `HOST:PORT`, which the
//   re-render check read as an image outside the target: `values` exited 1.
// - a repository under a key of the chart's own naming (`imageRepo`, k8gb) with an empty
//   `imageTag` the template fills from appVersion: no values leaf, so `values` called it hard-coded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, deploymentHead, listImages, templateChart, valuesThenImages } from './template-chart.js';

const pod = (containers: string): string => `${deploymentHead()}${containers}`;

const HUB_TEMPLATE = pod(`      - name: runner
        image: {{ .Values.image.registry }}/{{ .Values.runner.imageName }}
        env:
        - name: IMAGE_REGISTRY
          value: {{ .Values.image.registry }}
      - name: forwarder
        image: {{ .Values.image.registry }}/{{ .Values.forwarder.imageName }}
`);
const HUB_VALUES = `image:
  registry: acme
runner:
  imageName: acme-runner:1.4.0
forwarder:
  imageName: watcher:v2.1.0
`;

describe('a Docker Hub namespace as the registry value, joined to each NAME:TAG and given to the operator', () => {
  const chart = templateChart({ 'deploy.yaml': HUB_TEMPLATE }, HUB_VALUES);

  it('values sets the namespace value to the whole target prefix: both images and the env var land under the target', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/docker.io/acme/acme-runner:1.4.0', 'mirror.local:5000/m/docker.io/acme/watcher:v2.1.0']);
    expect(r.rendered).toContain('value: mirror.local:5000/m/docker.io/acme\n');
  });
});

const REPO_TEMPLATE = deployment('op', '{{ .Values.op.imageRepo }}:{{ .Values.op.imageTag | default .Chart.Version }}');
const REPO_VALUES = `op:
  imageRepo: registry.acme.io/acme/op
  imageTag:
`;

describe('a repository under an imageRepo key, its tag from the chart (k8gb: appVersion)', () => {
  const chart = templateChart({ 'deploy.yaml': REPO_TEMPLATE }, REPO_VALUES);

  it('images names the value, and values moves it', async () => {
    const listed = await listImages(chart());
    expect(listed.images.map((i) => [i.ref, i.valuesPaths])).toEqual([['registry.acme.io/acme/op:0.1.0', ['op.imageRepo']]]);
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/registry.acme.io/acme/op:0.1.0']);
  });
});

// stash's shape: the host in a root `registryFQDN`, joined before each component's registry
// (a namespace) and repository by `list FQDN REGISTRY | compact | join "/"`, also given whole to
// the operator as a flag.
const FQDN_TEMPLATE = pod(`      - name: op
        image: {{ list .Values.registryFQDN .Values.operator.registry | compact | join "/" }}/{{ .Values.operator.repository }}:{{ .Values.operator.tag }}
        args:
        - --docker-registry={{ list .Values.registryFQDN .Values.operator.registry | compact | join "/" }}
      - name: cleaner
        image: {{ list .Values.registryFQDN .Values.cleaner.registry | compact | join "/" }}/{{ .Values.cleaner.repository }}:{{ .Values.cleaner.tag }}
`);
const FQDN_VALUES = `registryFQDN: ghcr.io
operator:
  registry: acme
  repository: backup
  tag: v0.42.0
cleaner:
  registry: tools
  repository: kubectl
  tag: "1.31"
`;

describe('a registry host in a registryFQDN key joined before each component registry', () => {
  const chart = templateChart({ 'deploy.yaml': FQDN_TEMPLATE }, FQDN_VALUES);

  it('values moves both images', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/ghcr.io/acme/backup:v0.42.0', 'mirror.local:5000/m/ghcr.io/tools/kubectl:1.31']);
  });
});

// odigos' shape: a root `imagePrefix` left null, which a helper fills with `docker.io/ORG` (a host
// and a namespace), joined to each component's literal name; set, it replaces host and namespace.
// No marker shows a null value, and the stand-in host used to probe empty registries replaced more
// than the host, so the probe was not matched: every image was called hard-coded.
const PREFIX_TEMPLATES = {
  '_helpers.tpl': `{{- define "prefix" -}}{{ if .Values.imagePrefix }}{{ .Values.imagePrefix }}{{ else }}docker.io/acme{{ end }}{{- end -}}`,
  'deploy.yaml': pod(`      - name: scheduler
        image: {{ include "prefix" . }}/acme-scheduler:{{ .Values.image.tag | default .Chart.Version }}
      - name: collector
        image: {{ include "prefix" . }}/acme-collector:{{ .Values.image.tag | default .Chart.Version }}
`),
};
const PREFIX_VALUES = `image:
  tag: ''
imagePrefix:
`;

describe('a null root imagePrefix a helper fills with a host and namespace', () => {
  const chart = templateChart(PREFIX_TEMPLATES, PREFIX_VALUES);

  it('images names the prefix, and values moves every image through it', async () => {
    const listed = await listImages(chart());
    expect(listed.images.map((i) => [i.ref, i.valuesPaths])).toEqual([
      ['docker.io/acme/acme-collector:0.1.0', ['imagePrefix']],
      ['docker.io/acme/acme-scheduler:0.1.0', ['imagePrefix']],
    ]);
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/docker.io/acme/acme-collector:0.1.0', 'mirror.local:5000/m/docker.io/acme/acme-scheduler:0.1.0']);
  });
});

// odigos again: its `openshift.enabled` switch makes the same helper fill `imagePrefix` with
// another default (registry.connect.redhat.com/odigos) for other image names. One imagePrefix
// cannot put both sets at their targets (a target keeps each source path), so --include-optional
// carries the default images and leaves the switched ones out, saying why, instead of writing a
// file whose re-render proof fails (exit 1).
const VARIANT_TEMPLATES = {
  '_helpers.tpl': `{{- define "prefix" -}}{{ if .Values.imagePrefix }}{{ .Values.imagePrefix }}{{ else if .Values.openshift.enabled }}registry.acme-certified.io/acme{{ else }}docker.io/acme{{ end }}{{- end -}}`,
  'deploy.yaml': pod(`      - name: scheduler
        image: {{ include "prefix" . }}/acme-scheduler{{ if .Values.openshift.enabled }}-certified{{ end }}:{{ .Chart.Version }}
`),
};

describe('a switch that gives a null imagePrefix another default for other image names', () => {
  const chart = templateChart(VARIANT_TEMPLATES, 'imagePrefix:\nopenshift:\n  enabled: false\n');

  it('values --include-optional moves the default image and leaves the switched one out, naming the setting', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-name-shapes-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out, '--include-optional']);
      expect(v.exitCode, v.stderr).toBe(0);
      expect(v.stdout).toContain('registry.acme-certified.io/acme/acme-scheduler-certified:0.1.0');
      expect(v.stdout).toContain('imagePrefix also names the default images');
      const after = await listImages(chart(), ['-f', join(out, 'rel.values.yaml')]);
      expect(after.images.map((i) => i.ref)).toEqual(['mirror.local:5000/m/docker.io/acme/acme-scheduler:0.1.0']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// windmill's shape: one empty `windmill.image` is the `default` of the community image and, under
// `enterprise.enabled`, of the enterprise image; a hub only a switch renders reads its own empty
// `hub.image`. Written for the community image, the value would run it for enterprise too (inside
// the target, so no proof saw it): --include-optional leaves the enterprise image out, naming the
// setting (the value is the community copy's: an enterprise user sets it), and the switched-on
// render still names hub.image, so values moves the hub.
const EDITION_TEMPLATES = {
  'deploy.yaml': pod(`      - name: app
        image: {{ if .Values.enterprise.enabled }}{{ default "ghcr.io/acme/app-ee" .Values.app.image }}{{ else }}{{ default "ghcr.io/acme/app" .Values.app.image }}{{ end }}:{{ .Chart.Version }}
`),
  'hub.yaml': `{{- if .Values.hub.enabled }}
${pod(`      - name: hub
        image: {{ default "ghcr.io/acme/hub" .Values.hub.image }}:2.0.0
`).replace('name: op', 'name: hub')}{{- end }}
`,
};

describe('one empty value that is the default of another image under a switch', () => {
  const chart = templateChart(EDITION_TEMPLATES, 'app:\n  image: ""\nenterprise:\n  enabled: false\nhub:\n  enabled: false\n  image: ""\n');

  it('values --include-optional moves the switched block and leaves the other edition out, naming the setting', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-name-shapes-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out, '--include-optional']);
      expect(v.exitCode, v.stderr).toBe(0);
      expect(v.stdout).toContain('app.image also names the default images');
      expect(v.stdout).toContain('moved: ghcr.io/acme/hub:2.0.0');
      expect(v.stdout).toContain('there it stands for ghcr.io/acme/app, with this setting for ghcr.io/acme/app-ee');
      const hub = await listImages(chart(), ['-f', join(out, 'rel.values.yaml'), '--set', 'hub.enabled=true']);
      expect(hub.images.map((i) => i.ref)).toContain('mirror.local:5000/m/ghcr.io/acme/hub:2.0.0');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// AppsCode's operators (stash): the image their sidecars and jobs run is given as three flags,
// `--docker-registry=HOST/NS`, `--image=NAME` and `--image-tag=TAG`, joined by the operator. The
// name alone was listed doubtful as docker.io/library/NAME:latest, a reference nothing pulls.
describe('a registry, an image name and a tag in three flags of one container', () => {
  const chart = templateChart({
    'deploy.yaml': pod(`      - name: op
        image: ghcr.io/acme/backup-operator:v1.0.0
        args:
        - run
        - --docker-registry=ghcr.io/acme
        - --image=backup
        - --image-tag=v1.0.0
`),
  });

  it('images joins them as the operator does, and lists nothing doubtful', async () => {
    const r = await listImages(chart());
    expect(r.images.map((i) => i.ref).sort()).toEqual(['ghcr.io/acme/backup-operator:v1.0.0', 'ghcr.io/acme/backup:v1.0.0']);
    expect(r.doubtful).toEqual([]);
  });
});

// Holdout H (an ML platform's chart, determined): a map of whole references under a parent
// named for images (`defaultImages: {postgreSQL: postgres:10.14, cpuImage: ...}`) whose entry keys
// name components, not images; and a Docker Hub namespace value joined to a repository the
// template spells itself, its tag the chart's version. Both were called hard-coded: values exited 3.
const PLATFORM_TEMPLATE = pod(`      - name: master
        image: {{ .Values.imageRegistry }}/{{ if .Values.enterpriseEdition }}acme-ee-master{{ else }}acme-master{{ end }}:{{ .Chart.Version }}
      - name: db
        image: {{ .Values.defaultImages.postgreSQL | quote }}
`);
const PLATFORM_VALUES = `imageRegistry: acme
enterpriseEdition: false
defaultImages:
  postgreSQL: "postgres:10.14"
  kubeScheduler: "registry.k8s.io/scheduler-plugins/kube-scheduler:v0.18.9"
`;

describe('a component-keyed map of references under defaultImages, and a namespace joined to a spelled-out repository', () => {
  const chart = templateChart({ 'deploy.yaml': PLATFORM_TEMPLATE }, PLATFORM_VALUES);

  it('values moves both', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/docker.io/acme/acme-master:0.1.0', 'mirror.local:5000/m/docker.io/library/postgres:10.14']);
  });
});

// Holdout L (a data-pipeline chart, mageai): an images map of bare names
// (`initContainerImages: {alpine: alpine, busybox: busybox}`) for the wait-for init containers
// of the chart's own switches. No tag, so no values leaf: with the switch on, both were called
// hard-coded, and the optional search listed neither.
const WAIT_TEMPLATE = `${deploymentHead()}      - name: app
        image: {{ .Values.image }}
{{- if .Values.redis.enabled }}
      initContainers:
      - name: wait-for-redis
        image: {{ .Values.initContainerImages.alpine }}
{{- end }}
`;
const WAIT_VALUES = `image: acme/app:1.0
redis:
  enabled: false
initContainerImages:
  alpine: alpine
`;

describe('an images map of bare names for the init containers of a switch', () => {
  const chart = templateChart({ 'deploy.yaml': WAIT_TEMPLATE }, WAIT_VALUES);

  it('images lists the bare name as optional, from its value', async () => {
    const r = await listImages(chart(), ['--include-optional']);
    const alpine = (r.images as { ref: string; need: string; toggles: string[]; valuesPaths: string[] }[]).find(
      (i) => i.ref === 'docker.io/library/alpine:latest',
    );
    expect(alpine).toMatchObject({ need: 'optional', toggles: ['redis.enabled=true'], valuesPaths: ['initContainerImages.alpine'] });
  });

  it('values moves it with the switch on (its re-render check proves it; before, exit 3)', async () => {
    const r = await valuesThenImages(chart(), ['--set', 'redis.enabled=true']);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});

// Holdout PP (a data platform, DolphinScheduler): the wait-for init container's image is an
// entry named after it under a block named for one image (`initImage: {busybox: "busybox:1.30.1"}`).
// No host and no slash, so no values leaf: `values` called it hard-coded and exited 3.
const INIT_IMAGE_TEMPLATE = `${deploymentHead()}      - name: app
        image: {{ .Values.image.registry }}/{{ .Values.image.master }}:{{ .Values.image.tag }}
      initContainers:
      - name: wait-for-database
        image: {{ .Values.initImage.busybox }}
        imagePullPolicy: {{ .Values.initImage.pullPolicy }}
`;
const INIT_IMAGE_VALUES = `initImage:
  pullPolicy: "IfNotPresent"
  busybox: "busybox:1.30.1"
image:
  registry: apache
  tag: latest
  master: dolphinscheduler-master
`;

describe('an entry named after its image under a singular image block', () => {
  const chart = templateChart({ 'deploy.yaml': INIT_IMAGE_TEMPLATE }, INIT_IMAGE_VALUES);

  it('images reads the entry as the image and names its values path', async () => {
    const r = await listImages(chart());
    const busybox = (r.images as { ref: string; valuesPaths: string[] }[]).find((i) => i.ref === 'docker.io/library/busybox:1.30.1');
    expect(busybox?.valuesPaths).toEqual(['initImage.busybox']);
  });

  it('values moves it (its re-render check proves it; before, exit 3 for a hard-coded image)', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toContain('mirror.local:5000/m/docker.io/library/busybox:1.30.1');
  });
});
