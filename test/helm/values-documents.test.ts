// A values.yaml of several YAML documents (vLLM semantic-router's keeps its test variants after
// the defaults): Helm 4 merges every document in order, later keys winning; Helm 3 (go-yaml v2's
// Unmarshal) reads the first document only, an empty one as no values. Confirmed with real Helm
// 3.17 and 4.1 rendering `.Values` of the same chart. `--helm-version 3` must read it as Helm 3.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { prepareChart } from '../../src/helm/values/prepare.js';
import { writeFiles } from '../support/files.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-values-docs-'));
  const chart = (name: string, values: string, deps = '') => ({
    [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name.split('/').pop()}\nversion: 0.1.0\n${deps}`,
    [`${name}/values.yaml`]: values,
  });
  await writeFiles(dir, {
    ...chart(
      'top',
      '# defaults\npullPolicy: IfNotPresent\nm: {x: 1}\n---\npullPolicy: Never\ntag: e2e\nm: {z: 2}\n',
      'dependencies:\n- name: sub\n  version: 0.1.0\n',
    ),
    ...chart('top/charts/sub', '# none first\n---\n---\nreplicas: 2\n'),
    ...chart('one', 'a: 1\n'),
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a values.yaml of several documents', () => {
  it('Helm 4 merges them in order; Helm 3 takes the first, in the chart and in its subcharts', async () => {
    const chart = await readChart(join(dir, 'top'));
    const four = prepareChart(chart, {}, '4.1').values;
    expect([four.pullPolicy, four.tag, four.m, (four.sub as Record<string, unknown>).replicas]).toEqual(['Never', 'e2e', { x: 1, z: 2 }, 2]);
    const three = prepareChart(chart, {}, '3.17').values;
    expect([three.pullPolicy, three.tag, three.m, (three.sub as Record<string, unknown>).replicas]).toEqual(['IfNotPresent', undefined, { x: 1 }, undefined]);
    // the loaded chart is left as Helm 4 reads it, for the next render
    expect(prepareChart(chart, {}, '4.1').values.pullPolicy).toBe('Never');
  });

  it('a file of one document is read alike by both', async () => {
    const chart = await readChart(join(dir, 'one'));
    expect(chart.valuesHelm3).toBeUndefined();
    expect(prepareChart(chart, {}, '3.17').values).toEqual(prepareChart(chart, {}, '4.1').values);
  });
});
