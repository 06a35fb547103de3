// A `repository` value that holds a whole tagged reference, used whole by the template
// (splunk-operator: `image.repository: docker.io/splunk/splunk-operator:3.1.0`, and the operand's
// RELATED_IMAGE_ env from another such value): `values` writes the target with the tag kept, and real
// Helm renders both at the target with their tags, not as :latest.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.example/m';
let work: string;
let chart: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-tagged-repo-'));
  chart = join(work, 'splunkish');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: splunkish\nversion: 3.1.0\n',
    'values.yaml': [
      'splunkOperator:',
      '  image:',
      '    repository: docker.io/splunk/splunk-operator:3.1.0',
      'image:',
      '  repository: docker.io/splunk/splunk:10.0.0',
      '',
    ].join('\n'),
    'templates/operator.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: op',
      'spec:',
      '  selector: {matchLabels: {app: op}}',
      '  template:',
      '    metadata: {labels: {app: op}}',
      '    spec:',
      '      containers:',
      '        - name: op',
      '          image: "{{ .Values.splunkOperator.image.repository }}"',
      '          env:',
      '            - name: RELATED_IMAGE_SPLUNK_ENTERPRISE',
      '              value: "{{ .Values.image.repository }}"',
      '',
    ].join('\n'),
  });
});

afterAll(() => rm(work, { recursive: true, force: true }));

it('keeps the tag of a repository value that holds a whole reference', async () => {
  const out = join(work, 'values');
  const r = await runCli(['values', chart, '--registry', TARGET, '--out-dir', out], { CI: 'true' });
  expect(r.exitCode, r.stderr + r.stdout).toBe(0);
  const file = await readFile(join(out, 'splunkish.values.yaml'), 'utf8');
  expect(file).toContain(`${TARGET}/docker.io/splunk/splunk-operator:3.1.0`);
  const { helm } = await realHelm(4);
  const rendered = (await execa(helm, ['template', 'rel', chart, '-f', join(out, 'splunkish.values.yaml')])).stdout;
  expect(rendered).toContain(`image: "${TARGET}/docker.io/splunk/splunk-operator:3.1.0"`);
  expect(rendered).toContain(`value: "${TARGET}/docker.io/splunk/splunk:10.0.0"`);
  expect(rendered).not.toContain(':latest');
});
