// A chart's own in-cluster registry mode (OpenStack-Helm's `images.local_registry.active`): every
// image pulled as `localhost:5000/` + its whole reference, copied there by the chart's own sync Job
// from the list it is given. Before, `images --optional` listed each copy as an optional image to
// mirror, `values --include-optional` refused its own file (the chart composes the host before the
// moved value), and the post-renderer sent the copies to TARGET/localhost-5000/..., which nothing
// pushes (WW: keystone, mariadb-cluster).
import { describe, expect, it } from 'vitest';
import { deployment, listImages, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';
import { postrenderManifests } from '../../src/overrides/postrender.js';
import { inClusterCopy } from '../../src/discover/sites/index.js';

// as helm-toolkit's snippets.image: the host put before the whole reference when the mode is on
const IMAGE = `{{- define "img" -}}
{{- $ref := index .root.Values.images .name -}}
{{- if .root.Values.localRegistry.active }}{{ printf "%s/%s" .root.Values.localRegistry.host $ref }}{{ else }}{{ $ref }}{{ end -}}
{{- end -}}`;

const SYNC = `{{- if .Values.localRegistry.active }}
apiVersion: batch/v1
kind: Job
metadata:
  name: sync
spec:
  template:
    spec:
      containers:
      - name: sync
        image: {{ .Values.images.sync }}
        env:
        - name: IMAGE_SYNC_LIST
          value: "{{ .Values.images.api }},{{ .Values.images.worker }}"
{{- end }}
`;

describe("a chart's own in-cluster registry", () => {
  const chart = templateChart(
    {
      '_img.tpl': IMAGE,
      'api.yaml': deployment('api', '{{ include "img" (dict "root" $ "name" "api") }}'),
      'worker.yaml': deployment('worker', '{{ include "img" (dict "root" $ "name" "worker") }}'),
      'sync.yaml': SYNC,
    },
    [
      'images:',
      '  api: quay.io/acme/api:1.0',
      '  worker: docker.io/acme/worker:2.0',
      '  sync: docker.io/library/docker:27.5.0',
      'localRegistry:',
      '  active: false',
      '  host: localhost:5000',
      '',
    ].join('\n'),
  );

  it('lists the copies as no images: the sync Job is optional, the copies are copies of listed images (explain says so)', async () => {
    const listed = await listImages(chart(), ['--optional']);
    expect(listed.images.filter((i) => i.need !== 'optional').map((i) => i.ref)).toEqual(['docker.io/acme/worker:2.0', 'quay.io/acme/api:1.0']);
    expect((listed.optional ?? []).map((i) => [i.ref, i.toggles])).toEqual([['docker.io/library/docker:27.5.0', ['localRegistry.active=true']]]);
    const explain = await runCli(['images', chart(), '--optional', '--explain', '-o', 'json']);
    expect(explain.exitCode, explain.stderr).toBe(0);
    expect(explain.stdout).toContain("a copy of quay.io/acme/api:1.0 in the chart's own in-cluster registry");
  });

  it('the post-renderer sends a copy where its source goes, as the chart does once values moved the source', async () => {
    const t = await runCli(['template', chart(), '--set', 'localRegistry.active=true']);
    expect(t.exitCode, t.stderr).toBe(0);
    const r = postrenderManifests(t.stdout, { target: { registry: 'mirror.local:5000', prefix: 'm' } });
    expect(r.output).toContain('image: "localhost:5000/mirror.local:5000/m/quay.io/acme/api:1.0"');
    expect(r.output).toContain('value: "mirror.local:5000/m/quay.io/acme/api:1.0,mirror.local:5000/m/docker.io/acme/worker:2.0"');
    // a second run leaves it
    expect(postrenderManifests(r.output, { target: { registry: 'mirror.local:5000', prefix: 'm' } }).output).toBe(r.output);
  });

  it('values --include-optional writes a file its own proof accepts', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = await mkdtemp(join(tmpdir(), 'airgap-copies-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out, '--include-optional']);
      expect(v.exitCode, v.stderr).toBe(0);
      const on = await runCli(['template', chart(), '-f', join(out, 'rel.values.yaml'), '--set', 'localRegistry.active=true']);
      expect(on.stdout).toContain('image: "localhost:5000/mirror.local:5000/m/quay.io/acme/api:1.0"');
      expect(on.stdout).toContain('image: mirror.local:5000/m/docker.io/library/docker:27.5.0');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('what reads as an in-cluster copy', () => {
  it('an in-cluster or loopback host before a whole reference that names its registry', () => {
    expect(inClusterCopy('localhost:5000/quay.io/a/b:1')).toEqual({ host: 'localhost:5000', of: 'quay.io/a/b:1' });
    expect(inClusterCopy('127.0.0.1:5000/docker.io/a/b@sha256:' + 'a'.repeat(64))?.of).toBe('docker.io/a/b@sha256:' + 'a'.repeat(64));
    expect(inClusterCopy('registry.kube-system.svc.cluster.local:5000/ghcr.io/a/b:1')?.host).toBe('registry.kube-system.svc.cluster.local:5000');
    expect(inClusterCopy('docker-registry:5000/ghcr.io/a/b:1')?.host).toBe('docker-registry:5000');
  });

  it('not a public host, nor a path that is no whole reference', () => {
    expect(inClusterCopy('registry.example.com/quay.io/a/b:1')).toBeUndefined();
    expect(inClusterCopy('localhost:5000/acme/b:1')).toBeUndefined();
    expect(inClusterCopy('localhost:5000/quay.io/a/b')).toBeUndefined();
    expect(inClusterCopy('quay.io/localhost/b:1')).toBeUndefined();
  });
});
