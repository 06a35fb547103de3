// A switch a LIBRARY subchart's helper tests (holdout HH: Atlassian's `common` chart puts the jmx
// exporter init container in Confluence's StatefulSet under `.Values.monitoring.exposeJmxMetrics`).
// The helper runs with the including chart's context, so `.Values` there is the parent's values:
// `images --optional` names the parent's setting that turns the image on. Before, the search read
// the helper's paths under the library's own name (`common.monitoring...`), found no such boolean,
// and listed the image from the values alone, with no setting.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';

const HELPER = `{{- define "common.exporter.initContainer" -}}
{{- if and .Values.monitoring.exposeMetrics .Values.monitoring.fetchAgent }}
- name: fetch-agent
  image: {{ .Values.monitoring.agentImageRepo }}:{{ .Values.monitoring.agentImageTag }}
{{- end }}
{{- end }}
`;

const APP = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: wiki
spec:
  template:
    spec:
      initContainers:
        {{- include "common.exporter.initContainer" . | nindent 8 }}
      containers:
        - name: wiki
          image: "acme/wiki:{{ .Chart.AppVersion }}"
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-library-toggles-'));
  await writeFiles(join(dir, 'wiki'), {
    'Chart.yaml': 'apiVersion: v2\nname: wiki\nversion: 0.1.0\nappVersion: "10.2"\ndependencies:\n  - name: common\n    version: 1.0.0\n',
    'values.yaml': 'monitoring:\n  exposeMetrics: false\n  fetchAgent: true\n  agentImageRepo: acme/jmx-exporter\n  agentImageTag: "0.18"\n',
    'templates/statefulset.yaml': APP,
    'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n',
    'charts/common/templates/_exporter.tpl': HELPER,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a switch a library chart's helper tests", () => {
  it('is the parent chart setting images --optional names for the image it brings', async () => {
    const r = await runCli(['images', join(dir, 'wiki'), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/acme/wiki:10.2']);
    expect(out.optional.map((i) => [i.ref, i.toggles])).toEqual([['docker.io/acme/jmx-exporter:0.18', ['monitoring.exposeMetrics=true']]]);
  });
});
