// A custom resource block that reads as a whole reference ({registry, repository, tag}) which the
// operator joins with another field instead (holdout UU: HwameiStor's Cluster). The
// operator starts a DRBD adapter Job on each node with REGISTRY/REPOSITORY:DRBDVERSION_TAG
// (pkg/install/drbd/drbd_adapter.go:166), so the block's own reading, drbd9-shipper:v0.4.3, is
// no image anything pulls. Before, `images` listed that reading and not what the operator pulls,
// and still listed it with the Cluster's DRBD switched off (`disable: true`).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { realHelm } from '../support/tools.js';
import { runCli as runWithInput } from '../bundle/run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const TARGET = 'mirror.local:5000/m';
const SHIPPER = 'ghcr.io/hwameistor/drbd9-shipper:v9.0.32-1_v0.4.3';

const chart = templateChart(
  {
    'operator.yaml': `${deploymentHead('hwameistor-operator')}      - name: operator
        image: {{ .Values.registry }}/hwameistor/operator:v1.0.1
`,
    'cluster.yaml': `apiVersion: hwameistor.io/v1alpha1
kind: Cluster
metadata:
  name: hwameistor-cluster
spec:
  drbd:
    disable: {{ .Values.ha.disable }}
    shipper:
      registry: {{ .Values.registry }}
      repository: hwameistor/drbd9-shipper
      tag: v0.4.3
    drbdVersion: v9.0.32-1
`,
  },
  `registry: ghcr.io
ha:
  disable: false
`,
);

interface Listed {
  images: { ref: string }[];
  optional?: { ref: string }[];
  warnings: { message: string }[];
}

async function listed(...extra: string[]): Promise<Listed> {
  const r = await runCli(['images', chart(), '--optional', '-o', 'json', ...extra]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed;
}

describe('a resource block the operator joins with another field', () => {
  it('images lists the joined reference, not the block, and warns of the per-node OS images', async () => {
    const j = await listed();
    const refs = [...j.images, ...(j.optional ?? [])].map((i) => i.ref);
    expect(refs).toContain(SHIPPER);
    expect(refs).not.toContain('ghcr.io/hwameistor/drbd9-shipper:v0.4.3');
    expect(j.warnings.some((w) => w.message.includes('drbd9-rhel7'))).toBe(true);
  });

  it('with the DRBD switched off (disable: true) the operator starts no adapter: nothing of it is needed', async () => {
    const j = await listed('--set', 'ha.disable=true');
    expect(j.images.map((i) => i.ref).filter((r) => r.includes('drbd9-shipper'))).toEqual([]);
  });

  it('values moves it through the registry the block holds: the operator joins the target copy', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-joined-block-'));
    try {
      const r = await runCli(['values', chart(), '--registry', TARGET, '--out-dir', out]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).not.toContain('NOT moved');
      expect(await readFile(join(out, 'op.values.yaml'), 'utf8')).toContain(`${SHIPPER} -> ${TARGET}/${SHIPPER}`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('the post-renderer sets that registry in place on the render: the operator joins the target copy', async () => {
    const { helm } = await realHelm(4);
    const rendered = await execa(helm, ['template', 'rel', chart()]);
    const r = await runWithInput(['postrender', '--registry', TARGET], {}, rendered.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    const cluster = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as { kind: string; spec: { drbd: { shipper: Record<string, string> } } })
      .find((d) => d?.kind === 'Cluster')!;
    expect(cluster.spec.drbd.shipper).toEqual({ registry: `${TARGET}/ghcr.io`, repository: 'hwameistor/drbd9-shipper', tag: 'v0.4.3' });
  });
});
