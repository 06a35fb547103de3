// Repository and version in sibling fields of the operator's naming, inside JSON and YAML that a
// ConfigMap carries (issue 49, class 2), on a chart built here: each is reported joined, with the
// values that build it, and `values` moves each one (the proof re-render agrees). Before, the
// JSON entries were `repo:latest`, doubtful, and `image_v2` had no override (values exited 3).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deploymentHead } from './template-chart.js';

const VALUES = `operator:
  image: quay.io/acme/operator:2.0
engines:
  - name: postgres
    image: quay.io/acme/postgres-engine
    defaultImageVersion: "16.2"
  - name: redis
    image_v2: ghcr.io/acme/redis
    imageTag: "7.2.4"
    appVersion: "9.9"
agents:
  metrics:
    imageName: docker.io/acme/metrics-agent
    version: 1.4.0
`;

const TEMPLATE = `${deploymentHead('op')}      - name: op
        image: {{ .Values.operator.image }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: engines
data:
  engines.json: {{ toJson .Values.engines | quote }}
  agents.yaml: |
{{ toYaml .Values.agents | indent 4 }}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-siblings-'));
  await writeFiles(join(dir, 'eng'), { 'Chart.yaml': 'apiVersion: v2\nname: eng\nversion: 0.1.0\n', 'values.yaml': VALUES, 'templates/all.yaml': TEMPLATE });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Listed {
  ref: string;
  certainty?: string;
  valuesPaths: string[];
}

describe('sibling fields of any name, inside JSON and YAML in a ConfigMap', () => {
  it('images reports each reference joined, certain, with the values that build it', async () => {
    const r = await runCli(['images', join(dir, 'eng'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const images = (JSON.parse(r.stdout) as { images: Listed[]; doubtful: Listed[] }).images;
    const byRef = Object.fromEntries(images.map((i) => [i.ref, i.valuesPaths]));
    expect(byRef).toEqual({
      'quay.io/acme/operator:2.0': ['operator.image'],
      'quay.io/acme/postgres-engine:16.2': ['engines[0].image', 'engines[0].defaultImageVersion'],
      'ghcr.io/acme/redis:7.2.4': ['engines[1].image_v2', 'engines[1].imageTag'],
      'docker.io/acme/metrics-agent:1.4.0': ['agents.metrics.imageName', 'agents.metrics.version'],
    });
    expect(JSON.parse(r.stdout).doubtful).toEqual([]);
  });

  it('values moves every repository field the consumer joins, proved by re-render', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', join(dir, 'eng'), '--registry', 'mirror.local:5000/m', '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'eng.values.yaml'), 'utf8'));
    expect(v.engines[0].image).toBe('mirror.local:5000/m/quay.io/acme/postgres-engine');
    expect(v.engines[1].image_v2).toBe('mirror.local:5000/m/ghcr.io/acme/redis');
    expect(v.agents.metrics.imageName).toBe('mirror.local:5000/m/docker.io/acme/metrics-agent');
  });
});
