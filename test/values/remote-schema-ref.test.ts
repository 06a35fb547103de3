// A chart whose values.schema.json $refs a schema by URL (agent-stack-k8s: kubernetes-json-schema on
// raw.githubusercontent.com; nginx-ingress). Real Helm downloads it whenever it checks values, so in
// the network the values are for it refuses the chart: `helm install` fails before anything is
// pulled. `values` (which checks the rest of the schema) still writes the file, and warns, naming
// the address and the flag the install needs. Before, it said nothing (J). `images`
// and `bundle` say it too, where the bundle is made.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { chartImageFinder } from '../../src/app/scan/finder.js';
import type { Ctx } from '../../src/util/ctx.js';
import { writeFiles } from '../support/files.js';

const REMOTE = 'https://schemas.example.invalid/v1.35.0/_definitions.json#/definitions/io.k8s.api.core.v1.Toleration';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-remote-schema-'));
  await writeFiles(join(dir, 'stack'), {
    'Chart.yaml': 'apiVersion: v2\nname: stack\nversion: 0.4.0\n',
    'values.yaml': 'image: ghcr.io/acme/controller:0.47.0\ntolerations: []\n',
    'values.schema.json': JSON.stringify({
      type: 'object',
      required: ['image'],
      properties: { image: { type: 'string' }, tolerations: { type: 'array', items: { $ref: REMOTE } } },
    }),
    'templates/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: stack}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: {{ .Values.image | quote }}\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values.schema.json that refers to a schema by URL', () => {
  it('values writes the file, exit 0, and warns that an offline install needs --skip-schema-validation', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', join(dir, 'stack'), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(REMOTE.split('#')[0]);
    expect(r.stderr).toMatch(/--skip-schema-validation/);
  });
});

describe('images and bundle on a chart whose values.schema.json refers to a schema by URL', () => {
  it('images warns alike (text and -o json), exit 0', async () => {
    const j = await runCli(['images', join(dir, 'stack'), '-o', 'json']);
    expect(j.exitCode, j.stderr).toBe(0);
    const w = (JSON.parse(j.stdout) as { warnings: { message: string; next: string }[] }).warnings;
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(REMOTE.split('#')[0]);
    expect(w[0]!.next).toMatch(/--skip-schema-validation/);
    const t = await runCli(['images', join(dir, 'stack')]);
    expect(t.stdout).toContain(`warning: chart stack's values.schema.json refers to ${REMOTE.split('#')[0]}`);
  });

  it("bundle's finder warns where the bundle is made", async () => {
    const chart = await resolveChart({ chart: join(dir, 'stack') }, { cacheDir: join(dir, 'cache'), baseDir: dir });
    const find = chartImageFinder();
    const warnings: string[] = [];
    const ctx: Ctx = { onProgress: (e) => void (e.type === 'log' && e.level === 'warn' && warnings.push(e.message)) };
    await find({ chart, values: {}, releaseName: 'r', namespace: 'default', optional: false }, ctx);
    find.across!(ctx);
    expect(warnings.join('\n')).toContain(REMOTE.split('#')[0]);
  });
});
