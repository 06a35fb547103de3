import { describe, expect, it } from 'vitest';
import { blockSwitches } from './block.js';
import { formatToggles } from './value.js';

// Bitnami MongoDB as sorry-cypress ships it: the auto-discovery init container's image through a
// helper, under two switches and a compared word; the chart sets `externalAccess.enabled: true`
// and `service.type: ClusterIP`, and the word round that sets LoadBalancer also sets
// `architecture: standalone`, which takes this StatefulSet away.
const HELPERS = `{{- define "mongodb.externalAccess.autoDiscovery.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.externalAccess.autoDiscovery.image "global" .Values.global) }}
{{- end -}}
{{- define "mongodb.image" -}}
{{ .Values.image.repository }}
{{- end -}}
`;
const STATEFULSET = `{{- if eq .Values.architecture "replicaset" }}
spec:
  template:
    spec:
      initContainers:
        {{- if and .Values.volumePermissions.enabled .Values.persistence.enabled }}
        - name: volume-permissions
          image: {{ .Values.volumePermissions.image }}
        {{- end }}
        {{- if and .Values.externalAccess.enabled .Values.externalAccess.autoDiscovery.enabled (eq .Values.externalAccess.service.type "LoadBalancer") }}
        - name: auto-discovery
          image: {{ include "mongodb.externalAccess.autoDiscovery.image" . }}
        {{- end }}
      containers:
        - name: mongodb
          image: {{ include "mongodb.image" . }}
{{- end }}
`;
// Loki's helm-test Pod: switches read relative to `with .Values.test`, the image through a helper
const TEST = `{{- with .Values.test }}
{{- if and .enabled .address $.Values.monitoring.selfMonitoring.enabled (not $.Values.monitoring.local) }}
kind: Pod
spec:
  containers:
    - image: {{ include "loki.helm-test-image" $ }}
      {{- if .image.digest }}
      args: [{{ .image.digest }}]
      {{- end }}
{{- end }}
{{- end }}
`;
const TEST_HELPER = `{{- define "loki.helm-test-image" -}}
{{ .Values.test.image.repository }}:{{ .Values.test.image.tag | default "latest" }}
{{- end -}}
`;

const mongodb = {
  architecture: 'replicaset',
  image: { repository: 'bitnami/mongodb' },
  persistence: { enabled: true },
  volumePermissions: { enabled: false, image: 'bitnami/os-shell' },
  externalAccess: { enabled: true, service: { type: 'ClusterIP' }, autoDiscovery: { enabled: false, image: { repository: 'bitnami/kubectl', tag: '1.30' } } },
};
const loki = {
  monitoring: { selfMonitoring: { enabled: false }, local: false },
  test: { enabled: false, address: '', image: { repository: 'grafana/loki-helm-test', tag: '', digest: '' } },
};
const values = { mongodb: { enabled: false, ...mongodb }, loki };
const charts = [
  { at: [], texts: [] },
  { at: ['mongodb'], texts: [HELPERS, STATEFULSET] },
  { at: ['loki'], texts: [TEST_HELPER, TEST] },
];
const conditions = [{ at: [], key: 'mongodb', condition: 'mongodb.enabled' }];
const groups = (blocks: string[]) => blockSwitches(charts, values, conditions, blocks).map(formatToggles);

describe('blockSwitches', () => {
  it('reads the `if`s around the include of the helper that reads the block, a compared word at its word, the subchart switched on first', () => {
    expect(groups(['mongodb.externalAccess.autoDiscovery.image.repository', 'mongodb.externalAccess.autoDiscovery.image.tag'])).toEqual([
      'mongodb.enabled=true,mongodb.externalAccess.autoDiscovery.enabled=true,mongodb.externalAccess.service.type=LoadBalancer',
    ]);
  });

  it('reads the fields of a `with .Values.P` block as P’s, an empty word at a stand-in, no image part, nothing under `not`', () => {
    expect(groups(['loki.test.image.repository'])).toEqual(['loki.test.enabled=true,loki.test.address=example,loki.monitoring.selfMonitoring.enabled=true']);
  });

  it('gives no group for a block nothing reads or no switch holds back', () => {
    expect(groups(['mongodb.nothing.image.repository'])).toEqual([]);
    expect(groups(['mongodb.image.repository'])).toEqual([]);
  });
});
