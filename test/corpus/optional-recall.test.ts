// scripts/corpus/optional-recall.mjs, the measurement of `images --optional` against real Helm 4's
// single flips, on a chart whose values.schema.json refers to a schema by address: real Helm
// downloads it to check values and refuses the chart offline, so the measurement renders it with
// --skip-schema-validation (and says so) rather than leaving the chart out.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const run = promisify(execFile);

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
  - name: a
    image: registry.example.com/app:1
{{- if .Values.extra }}
---
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  containers:
  - name: b
    image: registry.example.com/side:2
{{- end }}
`;

describe('optional-recall.mjs on a chart whose values schema $refs a URL', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-recall-'));
    await writeFiles(join(dir, 'src', 'op'), {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
      'values.yaml': 'extra: false\n',
      // .invalid never resolves: real Helm refuses the chart wherever it runs
      'values.schema.json': '{"type": "object", "properties": {"extra": {"$ref": "https://schemas.invalid/bool.json"}}}\n',
      'templates/pods.yaml': pods,
    });
    await run((await realHelm(4)).helm, ['package', join(dir, 'src', 'op'), '-d', join(dir, 'corpus')]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('measures it with --skip-schema-validation, saying so', async () => {
    const r = await run(process.execPath, ['scripts/corpus/optional-recall.mjs', join(dir, 'corpus')]);
    expect(r.stdout).toContain('op-0.1.0.tgz: rendered with --skip-schema-validation (values.schema.json refers to https://schemas.invalid/bool.json)');
    expect(r.stdout).toContain('op-0.1.0.tgz: 1 flips (0 refused by Helm), 1 images switched on, 1 listed');
    expect(r.stdout).toContain('1 chart(s) rendered with --skip-schema-validation');
  });
});
