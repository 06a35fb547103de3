// Compiled-in images two operators of holdout XX pull, which their charts' renders
// name in no form; before the table read them, `images` listed neither and `values` exited 0 while
// the cluster would pull them from outside the target.
// - The DocumentDB operator joins repositories compiled into it to DOCUMENTDB_VERSION, an env var
//   holding a bare version (`0.113.0`): the extension and gateway of each DocumentDB's Cluster.
// - Infisical's agent injector, a mutating webhook that cannot create pods, adds its compiled-in
//   CLI image to each annotated pod: no pod creator, so not even a warning named it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentWithEnv, listImages, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const DOCDB = 'ghcr.io/documentdb/documentdb-kubernetes-operator';

describe('an operator that joins a compiled-in repository to a version env var', () => {
  const chart = templateChart({
    'op.yaml': deploymentWithEnv(`${DOCDB}/operator:0.3.0`, { DOCUMENTDB_VERSION: '"0.113.0"', GATEWAY_PORT: '"10260"' }),
  });
  const unset = templateChart({ 'op.yaml': deploymentWithEnv(`${DOCDB}/operator:0.3.0`, { GATEWAY_PORT: '"10260"' }) });

  it('lists the references it composes from the version, as run-time images', async () => {
    const r = await listImages(chart());
    const runtime = r.images.filter((i) => i.need === 'runtime').map((i) => i.ref);
    expect(runtime.sort()).toEqual([`${DOCDB}/documentdb:0.113.0`, `${DOCDB}/gateway:0.113.0`]);
  });

  it('the compiled-in version where the env var is unset', async () => {
    const r = await listImages(unset());
    expect(r.images.map((i) => i.ref)).toContain(`${DOCDB}/gateway:0.110.0`);
  });

  it('values refuses to call them moved and names the resource field that moves each', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-joined-'));
    const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--out-dir', out]);
    await rm(out, { recursive: true, force: true });
    expect(v.exitCode).toBe(3);
    expect(v.stderr).toContain('spec.image.documentDB');
    expect(v.stderr).toContain('spec.image.gateway');
  });
});

describe('a mutating webhook that injects a compiled-in sidecar', () => {
  const chart = templateChart({ 'injector.yaml': deploymentWithEnv('infisical/infisical-agent-injector:v0.1.12', { NAMESPACE: 'default' }) });
  const older = templateChart({ 'injector.yaml': deploymentWithEnv('infisical/infisical-agent-injector:v0.1.8', { NAMESPACE: 'default' }) });

  it("lists the sidecar of the injector's version", async () => {
    expect((await listImages(chart())).images.find((i) => i.ref === 'docker.io/infisical/cli:0.43.55')?.need).toBe('runtime');
    expect((await listImages(older())).images.find((i) => i.ref === 'docker.io/infisical/cli:0.43.32')?.need).toBe('runtime');
  });
});
