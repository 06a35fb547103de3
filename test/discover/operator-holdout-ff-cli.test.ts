// Operators of holdout FF read from source after the holdout was measured: what each
// runs for resources the user applies later (a ValkeyCluster, a WordPressSite) or for nodes it
// manages (a hypervisor's maintenance Deployment), by images compiled into it that no flag, env
// var or chart value names. Listed as run-time images at a release read; at a moving tag the
// operator is named in a warning with what was read.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { operator?: string; message: string }[];
}

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n`;

async function report(chart: string, image: string): Promise<Report> {
  const r = await runCli(['images', chart, '--set', `image=${image}`, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const runtime = (r: Report) => r.images.filter((i) => i.need === 'runtime').map((i) => i.ref);

describe('operators of caches, CMS sites and hypervisors whose compiled-in images serve what they manage', () => {
  const chart = templateChart({ 'op.yaml': deployment }, 'image: x\n');

  it("valkey-io's Valkey operator at v0.4.0: the server and the metrics exporter sidecar of each ValkeyCluster", async () => {
    expect(runtime(await report(chart(), 'ghcr.io/valkey-io/valkey-operator:v0.4.0'))).toEqual([
      'docker.io/oliver006/redis_exporter:v1.80.0',
      'docker.io/valkey/valkey:9.0.0',
    ]);
  });

  it("KubePress at 0.3.0-alpha.4: each WordPressSite's SFTP and phpMyAdmin Deployments", async () => {
    expect(runtime(await report(chart(), 'ghcr.io/hostzero-gmbh/kubepress/controller:0.3.0-alpha.4'))).toEqual([
      'docker.io/atmoz/sftp:latest',
      'docker.io/library/phpmyadmin:latest',
    ]);
  });

  it("the OpenStack hypervisor operator at latest: its maintenance Deployments' busybox, the newest release read's, said to be assumed", async () => {
    const r = await report(chart(), 'ghcr.io/cobaltcore-dev/openstack-hypervisor-operator:latest');
    expect(runtime(r)).toEqual(['keppel.global.cloud.sap/ccloud-dockerhub-mirror/library/busybox:latest']);
    const w = r.warnings.find((x) => x.operator === 'OpenStack Hypervisor Operator');
    expect(w?.message).toContain('listed as the newest release read, 1.2.3');
  });
});
