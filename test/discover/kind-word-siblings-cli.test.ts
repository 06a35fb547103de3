// One template's workload is a StatefulSet or an OpenKruise CloneSet by a word (dysnix/bsc's
// `controller`), with sibling booleans in one block (`bsc.initFromRsync` beside `bsc.initGenesis`),
// each adding an init container. The word's round found the rsync image in the CloneSet and named it
// with `controller=CloneSet,bsc.initFromRsync=true`: narrowing took the other kind for another
// object, and the block's siblings all enclose the image's value (ZZ). The setting is
// `bsc.initFromRsync=true` alone.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

const WORKLOAD = `apiVersion: {{ if eq .Values.controller "CloneSet" }}apps.kruise.io/v1alpha1{{ else }}apps/v1{{ end }}
kind: {{ .Values.controller }}
metadata:
  name: node
spec:
  template:
    spec:
      containers:
      - name: node
        image: ghcr.io/acme/node:1.0
{{- if .Values.rsyncd.enabled }}
      - name: rsyncd
        image: {{ .Values.rsyncd.image }}
{{- end }}
{{- if and (eq .Values.controller "CloneSet") .Values.deletionCost.enabled }}
      - name: deletion-cost
        image: {{ .Values.deletionCost.image }}
{{- end }}
      initContainers:
      - name: config
        image: busybox:1.36
{{- if .Values.node.initGenesis }}
      - name: genesis
        image: ghcr.io/acme/node:1.0
{{- end }}
{{- if .Values.node.initFromRsync }}
      - name: from-rsync
        image: {{ .Values.node.initFromRsyncImage }}
{{- end }}
`;

const VALUES = `controller: StatefulSet
rsyncd:
  enabled: false
  image: docker.io/instrumentisto/rsync-ssh:latest
deletionCost:
  enabled: false
  image: docker.io/acme/kubectl:1.30
node:
  initGenesis: false
  initFromRsync: false
  initFromRsyncImage: docker.io/instrumentisto/rsync-ssh:latest
`;

describe('a kind picked by a word, and sibling switches in one block', () => {
  const chart = templateChart({ 'workload.yaml': WORKLOAD }, VALUES);

  it('names each setting that renders the image alone, and the word only where the image needs it', async () => {
    const listed = await listImages(chart(), ['--optional']);
    const toggles = Object.fromEntries((listed.optional ?? []).map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/instrumentisto/rsync-ssh:latest']).toEqual(['rsyncd.enabled=true', 'node.initFromRsync=true']);
    expect(toggles['docker.io/acme/kubectl:1.30']).toEqual(['controller=CloneSet,deletionCost.enabled=true']);
  });
});
