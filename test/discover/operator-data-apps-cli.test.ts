// Operators of holdout CC read from source after the holdout was measured: what each
// runs for resources the user applies later (ClickHouse clusters, CrateDB clusters, Temporal
// clusters, Restate cloud environments), by defaults compiled into it, listed as run-time images;
// the operator's own setting, when the chart sets it, names another image instead.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  optional: { ref: string; toggles?: string[] }[];
  warnings: { operator?: string; message: string }[];
}

// an operator Deployment whose env the test sets whole (`env: []` by default)
const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        env: {{ toJson .Values.env }}\n`;

async function report(chart: string, image: string, ...set: string[]): Promise<Report> {
  const r = await runCli(['images', chart, '--set', `image=${image}`, ...set.flatMap((s) => ['--set', s]), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const runtime = (r: Report) =>
  r.images
    .filter((i) => i.need === 'runtime')
    .map((i) => i.ref)
    .sort();

describe('data and application operators whose compiled-in defaults serve resources the user applies later', () => {
  // a resource of the operator's the chart renders when `resource` is given
  const resource = `{{ with .Values.resource }}{{ toYaml . }}{{ end }}\n`;
  const chart = templateChart({ 'op.yaml': deployment, 'cr.yaml': resource }, 'image: x\nenv: []\nresource: null\n');
  const optional = (r: Report) => r.optional.map((i) => [i.ref, i.toggles]);

  it("ClickHouse Inc.'s operator at latest: server and keeper, as the newest release read, said to be assumed", async () => {
    const r = await report(chart(), 'ghcr.io/clickhouse/clickhouse-operator:latest');
    expect(runtime(r)).toEqual(['docker.io/clickhouse/clickhouse-keeper:latest', 'docker.io/clickhouse/clickhouse-server:latest']);
    expect(r.warnings.find((w) => w.operator === 'ClickHouse Operator')?.message).toContain('listed as the newest release read, 0.0.2');
  });

  it("CrateDB's operator: its sql_exporter sidecar and busybox init containers, the exporter's version per release", async () => {
    expect(runtime(await report(chart(), 'crate/crate-operator:2.63.0'))).toEqual([
      'docker.io/burningalchemist/sql_exporter:0.24.3',
      'docker.io/library/busybox:1.35.0',
    ]);
    expect(runtime(await report(chart(), 'crate/crate-operator:2.56.0'))).toContain('docker.io/burningalchemist/sql_exporter:0.18.4');
  });

  it("CrateDB's operator given its exporter by env: that image, not the default", async () => {
    const r = await report(
      chart(),
      'crate/crate-operator:2.63.0',
      'env[0].name=CRATEDB_OPERATOR_SQL_EXPORTER_IMAGE',
      'env[0].value=registry.acme.io/sql_exporter:1.0',
    );
    expect(r.images.map((i) => i.ref)).toContain('registry.acme.io/sql_exporter:1.0');
    expect(runtime(r)).not.toContain('docker.io/burningalchemist/sql_exporter:0.24.3');
  });

  it("Enonic XP's operator: its chart's events sidecar and sysctl init container of each Xp7Deployment, its settings unset", async () => {
    expect(runtime(await report(chart(), 'enonic/xp-operator:1.2.0'))).toEqual(['docker.io/alpine/curl:latest', 'docker.io/library/busybox:latest']);
  });

  it('the Temporal operator at a release read: the server and the schema jobs admin-tools of a TemporalCluster left to defaults', async () => {
    expect(runtime(await report(chart(), 'ghcr.io/alexandrevilain/temporal-operator:v0.20.0'))).toEqual([
      'docker.io/temporalio/admin-tools:1.24.2-tctl-1.18.1-cli-0.13.2',
      'docker.io/temporalio/server:1.24.2',
    ]);
  });

  it('the Temporal operator at a release not read: nothing guessed, the operator named in a warning', async () => {
    const r = await report(chart(), 'ghcr.io/alexandrevilain/temporal-operator:v0.22.0');
    expect(runtime(r)).toEqual([]);
    expect(r.warnings.find((w) => w.operator === 'Temporal Operator')?.message).toContain('0.20.0');
  });

  it("Restate's operator: the cloud tunnel client of its release, none when its env names another", async () => {
    expect(runtime(await report(chart(), 'ghcr.io/restatedev/restate-operator:2.9.0'))).toEqual(['ghcr.io/restatedev/restate-cloud-tunnel-client:0.6.0']);
    expect(runtime(await report(chart(), 'ghcr.io/restatedev/restate-operator:2.3.0'))).toEqual(['ghcr.io/restatedev/restate-cloud-tunnel-client:0.5.0']);
    const r = await report(
      chart(),
      'ghcr.io/restatedev/restate-operator:2.9.0',
      'env[0].name=OPERATOR_TUNNEL_CLIENT_DEFAULT_IMAGE',
      'env[0].value=registry.acme.io/tunnel:1',
    );
    expect(r.images.map((i) => i.ref)).not.toContain('ghcr.io/restatedev/restate-cloud-tunnel-client:0.6.0');
  });

  it("a default a resource's field turns on (Temporal's UI): optional, brought by a resource that sets it, until a rendered one does", async () => {
    const operator = 'ghcr.io/alexandrevilain/temporal-operator:v0.20.0';
    const later = await report(chart(), operator);
    expect(optional(later)).toEqual([['docker.io/temporalio/ui:2.27.3', ['a TemporalCluster (temporal.io) resource that sets spec.ui.enabled']]]);
    expect(runtime(later)).not.toContain('docker.io/temporalio/ui:2.27.3');
    const cluster = (enabled: boolean) => [
      'resource.apiVersion=temporal.io/v1beta1',
      'resource.kind=TemporalCluster',
      'resource.metadata.name=t',
      `resource.spec.ui.enabled=${enabled}`,
    ];
    expect(runtime(await report(chart(), operator, ...cluster(true)))).toContain('docker.io/temporalio/ui:2.27.3');
    expect(optional(await report(chart(), operator, ...cluster(false))).map(([ref]) => ref)).toEqual(['docker.io/temporalio/ui:2.27.3']);
  });

  it("a list a resource holds turns its default on (Restate's canary for trusted CA certs)", async () => {
    const operator = 'ghcr.io/restatedev/restate-operator:2.9.0';
    expect(optional(await report(chart(), operator))).toEqual([
      ['docker.io/library/alpine:3.21', ['a RestateCluster (restate.dev) resource that sets spec.security.trustedCaCerts']],
    ]);
    const cluster = [
      'resource.apiVersion=restate.dev/v1',
      'resource.kind=RestateCluster',
      'resource.metadata.name=r',
      'resource.spec.security.trustedCaCerts[0].secretName=ca',
    ];
    expect(runtime(await report(chart(), operator, ...cluster))).toContain('docker.io/library/alpine:3.21');
    expect(runtime(await report(chart(), 'ghcr.io/restatedev/restate-operator:2.4.0', ...cluster))).toContain('docker.io/library/busybox:uclibc');
  });
});
