// Each rendered document Helm reads into its SimpleHead (apiVersion, kind, metadata's name and
// annotations) before it sorts them: a document that is a list or a bare value (linkerd2's
// charts/patch renders a JSON patch, `[{"op": ...}]`), or a head field of the wrong shape, fails the
// render in Helm 3 and 4; scalars where a string goes pass (sigs.k8s.io/yaml converts them).
// Judged against real Helm: we refuse exactly the documents it refuses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';
import { runCli } from '../discover/run-cli.js';

const CASES: [name: string, doc: string][] = [
  ['a JSON patch (a list)', '[{"op": "add", "path": "/x", "value": 1}]'],
  ['a bare string', 'hello'],
  ['a bare number', '42'],
  ['an empty document', 'null'],
  ['kind a list', 'apiVersion: v1\nkind: [a]\nmetadata: {name: x}'],
  ['Kind (any case) a mapping', 'apiVersion: v1\nKind: {a: 1}\nmetadata: {name: x}'],
  ['apiVersion a number', 'apiVersion: 1\nkind: ConfigMap\nmetadata: {name: x}'],
  ['metadata a string', 'apiVersion: v1\nkind: ConfigMap\nmetadata: hello'],
  ['metadata a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata: []'],
  ['name a number', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 5}'],
  ['name a mapping', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {a: 1}}'],
  ['annotations a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, annotations: [a]}'],
  ['an annotation a number or a bool', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, annotations: {a: 5, b: true, c: null}}'],
  ['an annotation a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, annotations: {a: [1]}}'],
  ['a label a list (labels are not in the head)', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: [1]}}'],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-manifest-head-'));
  for (const [i, [, doc]] of CASES.entries())
    await writeFiles(join(dir, `c${i}`), {
      'Chart.yaml': `apiVersion: v2\nname: c${i}\nversion: 0.1.0\n`,
      'templates/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n',
      'templates/doc.yaml': `${doc}\n`,
    });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("rendered documents Helm cannot read as an object's head, against real Helm 3 and 4", () => {
  it.each(CASES.map(([name], i) => [name, i] as const))('%s', async (_name, i) => {
    const chart = join(dir, `c${i}`);
    const ours = await runCli(['template', chart]);
    for (const major of [3, 4] as const) {
      const { helm } = await realHelm(major);
      const real = await execa(helm, ['template', 'release-name', chart], { reject: false });
      expect(ours.exitCode === 0, `Helm ${major}: exit ${real.exitCode} ${real.stderr.split('\n')[0]}; ours: ${ours.exitCode} ${ours.stderr}`).toBe(
        real.exitCode === 0,
      );
      if (real.exitCode !== 0) expect(ours.stderr).toMatch(/YAML parse error on c\d+\/templates\/doc\.yaml: .*cannot unmarshal/);
    }
  });
});
